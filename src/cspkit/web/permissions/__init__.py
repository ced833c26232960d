"""Every access rule of the web app, as named checks that views and templates call."""
