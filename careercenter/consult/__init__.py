"""CaseConsultant: coding questions answered by credentialed people, on the web (and, next,
by e-mail)."""
