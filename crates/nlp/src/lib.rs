//! Tokenizer and sentence splitter for news text, and newsgraph's trained
//! models (tagger, lemmatizer, parser, named-entity recognizer) with their
//! training code and file formats.

pub mod models;
pub mod ner;
pub mod tokenize;
