"""Commissioning and funding: funds and grants, commissioned projects and their providers,
quarterly returns of spend, outputs and outcomes, tied to the plan's priorities and actions."""
