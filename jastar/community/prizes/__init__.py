"""Youth prizes and grants: a part of jastar.community."""
