"""Evidence pages: a partnership's saved strategic assessments as web pages, every table downloadable."""
