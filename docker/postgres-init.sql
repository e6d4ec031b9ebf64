-- Temporal's auto-setup creates its schemas itself; these databases just have to exist.
CREATE DATABASE temporal;
CREATE DATABASE temporal_visibility;
