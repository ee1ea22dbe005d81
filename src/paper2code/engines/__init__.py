"""Generation engines: a Paper and its Analysis in, a Project (plain data) out."""
