//! Tokenizer and sentence splitter for news text, and newsgraph's trained
//! models (tagger, lemmatizer, parser, named-entity recognizer) with their
//! training code and file formats.

pub mod conllu;
pub mod error;
pub mod lemma;
pub mod models;
pub mod ner;
pub mod parser;
pub mod perceptron;
pub mod score;
pub mod tagger;
pub mod tokenize;
pub mod train;

pub use error::NlpError;
pub use models::Models;
pub use train::{train_parser, train_tagger, TrainConfig};
