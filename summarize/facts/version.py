"""The fact checker's version: part of every cached check's key. Its own module, so that a cache hit
reads it without importing the checker."""

# Bump when extraction or matching changes: cached checks made by other rules are not reused.
# 5: names in lower-cased summaries; 6: a sentence's names in one passage; 7: exonyms;
# 8: countries of several words, names of few consonants, numbers split at their separators;
# 9: the parts of a source's hyphened names, "Saint" in a hyphened place, Russian abstract nouns,
# Chinese names in the Palladius system; 10: days, months and countries in lower-cased text, a
# full name of frequent words, "German" and "America" for Germany and the United States; 11: Russian
# compounds and place adjectives are no names, a country's genitive before a person is a name of its own;
# 12: a frequent Russian given name alone is judged by its sound, И/Й before a vowel for a Latin J;
# 13: middle initials keep a name whole ("George W. Bush"), Spanish "EE. UU." is one acronym, two
# Russian places side by side are two names ("США Кореи").
CHECKER_VERSION = 13
