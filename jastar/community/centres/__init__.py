"""Youth centres and coworking: a part of jastar.community."""
