//! `newsgraph code --jsonl`, the Spark pipe filter: one record per input
//! article, in order, errors as records, exit status 0, nothing for empty
//! input (an empty Spark partition).

use std::io::Write;
use std::process::{Command, Stdio};

fn code(stdin: &str) -> (Vec<serde_json::Value>, bool) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["code", "--jsonl", "-j", "2", "--batch", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("newsgraph runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let records = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect();
    (records, out.status.success())
}

#[test]
fn one_record_per_article_in_order_with_errors_as_records() {
    let input = "{\"title\": \"Police arrest three men in Paris\", \"text\": \"Police in Paris \
                 arrested three men on Tuesday, officials said.\"}\n\
                 not json\n\
                 \n\
                 {\"text\": 5}\n\
                 {\"text\": \"The minister said talks would resume next week in Berlin.\"}\n";
    let (records, ok) = code(input);
    assert!(ok);
    let origins: Vec<&str> = records
        .iter()
        .map(|r| r["origin"].as_str().unwrap())
        .collect();
    assert_eq!(origins, ["-:1", "-:2", "-:4", "-:5"]);
    assert_eq!(records[0]["title"], "Police arrest three men in Paris");
    assert!(records[0]["entities"].is_array());
    assert!(records[1]["error"]
        .as_str()
        .unwrap()
        .contains("malformed JSON"));
    assert!(records[2]["error"].is_string());
    assert!(records[3]["id"].is_string());
}

#[test]
fn empty_input_gives_no_records_and_success() {
    let (records, ok) = code("");
    assert!(ok);
    assert!(records.is_empty(), "{records:?}");
}
