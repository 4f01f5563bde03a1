"""Policy cards: what each benefit, service or concession of a document gives, to whom, and how to apply,
read once at ingestion (`read`), corrected by staff (`staff`), and screened against a person (`screen`)."""
