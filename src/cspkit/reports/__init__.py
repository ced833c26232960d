"""Reports: charts, maps, plain-English narrative and HTML/PDF/DOCX/XLSX writers."""
