"""From the built data set to the site: executing the chapters, generating pages and downloads, the book build and
serving, sweeps, PDFs."""
