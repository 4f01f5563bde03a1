"""Text handling shared by every stage: script detection, OpenCC conversion, segmentation."""
