//! Tests of the recognizer's public surface: type refinement and, when the
//! committed model is present, loading it and recognizing names.

use super::*;

#[test]
fn refine_types_from_heads_and_gazetteers() {
    let gaz = Gazetteer::embedded();
    assert_eq!(refine_type(gaz, 2, &["Russia"]), EntityType::Gpe);
    assert_eq!(refine_type(gaz, 2, &["Vladivostok"]), EntityType::Gpe);
    assert_eq!(refine_type(gaz, 2, &["Primorsky", "Krai"]), EntityType::Gpe);
    assert_eq!(refine_type(gaz, 2, &["Zzyzx", "Valley"]), EntityType::Loc);
    assert_eq!(refine_type(gaz, 3, &["North", "Korean"]), EntityType::Norp);
    assert_eq!(refine_type(gaz, 3, &["Russians"]), EntityType::Norp);
    assert_eq!(
        refine_type(gaz, 1, &["Eastern", "Economic", "Forum"]),
        EntityType::Event
    );
    assert_eq!(
        refine_type(gaz, 2, &["Vostochny", "Cosmodrome"]),
        EntityType::Fac
    );
    assert_eq!(refine_type(gaz, 3, &["Olympics"]), EntityType::Misc);
    assert_eq!(refine_type(gaz, 0, &["Kim"]), EntityType::Person);
}
