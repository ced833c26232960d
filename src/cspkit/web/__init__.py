"""The Django web app: plan, performance, board reports and evidence pages."""
