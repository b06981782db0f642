"""What running the site on several machines needs to keep in the database."""
