"""予防接種: municipalities record vaccinations; facilities and the person read them."""
