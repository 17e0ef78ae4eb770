"""The framework editor's forms and the rows its pages show."""
