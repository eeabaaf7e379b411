"""Accounts: register, log in, verify e-mail, reset and change password."""
