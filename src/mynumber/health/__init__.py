"""全国医療情報プラットフォーム (the national medical information platform)."""
