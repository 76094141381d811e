//! Tokenizer and sentence splitter for news text.
