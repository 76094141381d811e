//! Extraction stages over a tokenized, tagged and parsed Document. Each
//! stage reads layers and adds its own; none does I/O.

pub mod corpus;
pub mod cues;
pub mod entities;
pub mod events;
pub mod modality;
pub mod placing;
pub mod quotes;
pub mod times;
