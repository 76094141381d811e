//! The confidence of an event: a logistic regression over the features the
//! coder knows ([`super::features`]), giving the chance that a careful
//! coder would code the same event (same countries on both sides, same
//! CAMEO root), as the team's real-news gold set measures it.
//!
//! The weights live in a small text file, `models/event-scorer-v1.txt`,
//! compiled into the binary; `newsgraph train event-scorer` writes it
//! (training is [`train`]: Newton's method on the L2-regularized log loss,
//! deterministic). The format, one item a line, `#` comments:
//!
//! ```text
//! format 1
//! threshold 0.30        # the default --min-confidence
//! bias -1.2
//! weight pattern_dict 0.41
//! ```
//!
//! Every `weight` names a feature of [`FEATURES`]; one the file leaves out
//! weighs 0.

use super::features::{Features, FEATURES};
use std::sync::OnceLock;

/// The scorer shipped in the binary.
static EMBEDDED: &str = include_str!("../../../../models/event-scorer-v1.txt");

/// The format version this code reads and writes.
pub const FORMAT: u32 = 1;

/// Weights of the logistic regression, one per name of [`FEATURES`].
#[derive(Clone, Debug, PartialEq)]
pub struct Scorer {
    pub bias: f32,
    pub weights: Vec<f32>,
    /// The default minimum confidence, chosen when the scorer was trained.
    pub threshold: f32,
}

impl Default for Scorer {
    /// A scorer that knows nothing: every event 0.5, nothing left out.
    fn default() -> Scorer {
        Scorer {
            bias: 0.0,
            weights: vec![0.0; FEATURES.len()],
            threshold: 0.0,
        }
    }
}

impl Scorer {
    /// The scorer compiled into the binary.
    pub fn embedded() -> Result<Scorer, String> {
        Scorer::parse(EMBEDDED).map_err(|e| format!("models/event-scorer-v1.txt: {e}"))
    }

    /// Reads a scorer file's text; the error names the line and the problem.
    pub fn parse(text: &str) -> Result<Scorer, String> {
        let mut scorer = Scorer::default();
        let mut format = None;
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let at = |e: String| format!("line {}: {e}", n + 1);
            let parts: Vec<&str> = line.split_whitespace().collect();
            let number = |s: &str| -> Result<f32, String> {
                s.parse::<f32>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| at(format!("'{s}' is not a number")))
            };
            match parts.as_slice() {
                ["format", v] => {
                    let v: u32 = v
                        .parse()
                        .map_err(|_| at(format!("'{v}' is not a format number")))?;
                    if v != FORMAT {
                        return Err(at(format!(
                            "format {v}, this newsgraph reads format {FORMAT}"
                        )));
                    }
                    format = Some(v);
                }
                ["threshold", v] => {
                    let t = number(v)?;
                    if !(0.0..=1.0).contains(&t) {
                        return Err(at(format!("threshold {t} is not between 0 and 1")));
                    }
                    scorer.threshold = t;
                }
                ["bias", v] => scorer.bias = number(v)?,
                ["weight", name, v] => {
                    let i = FEATURES
                        .iter()
                        .position(|f| f == name)
                        .ok_or_else(|| at(format!("no feature named '{name}'")))?;
                    scorer.weights[i] = number(v)?;
                }
                _ => return Err(at(format!("cannot read '{line}'"))),
            }
        }
        if format.is_none() {
            return Err("no 'format' line".into());
        }
        Ok(scorer)
    }

    /// The file's text: `header` lines as comments, then the weights (those
    /// that are 0 left out).
    pub fn to_text(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
        }
        out.push_str(&format!("format {FORMAT}\n"));
        out.push_str(&format!("threshold {:.2}\n", self.threshold));
        out.push_str(&format!("bias {:.4}\n", self.bias));
        for (name, w) in FEATURES.iter().zip(&self.weights) {
            if *w != 0.0 {
                out.push_str(&format!("weight {name} {w:.4}\n"));
            }
        }
        out
    }

    /// The confidence of an event with these features, 0–1.
    pub fn score(&self, features: &Features) -> f32 {
        let mut z = self.bias;
        for (name, v) in features {
            if let Some(i) = FEATURES.iter().position(|f| f == name) {
                z += self.weights[i] * v;
            }
        }
        sigmoid(z as f64) as f32
    }
}

/// The embedded scorer, read once. A file that does not read (a test and
/// `Pipeline::load` check that it does) scores like [`Scorer::default`].
pub fn embedded() -> &'static Scorer {
    static SCORER: OnceLock<Scorer> = OnceLock::new();
    SCORER.get_or_init(|| Scorer::embedded().unwrap_or_default())
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Features as a dense row in [`FEATURES`] order.
pub fn dense(features: &Features) -> Vec<f64> {
    let mut row = vec![0.0; FEATURES.len()];
    for (name, v) in features {
        if let Some(i) = FEATURES.iter().position(|f| f == name) {
            row[i] += f64::from(*v);
        }
    }
    row
}

/// Fits the weights to labelled rows (dense, from [`dense`]) by Newton's
/// method on the log loss plus `l2` times the squared weights (the bias is
/// not penalized). Deterministic: no sampling, a fixed number of steps at
/// most. `threshold` is stored as given.
pub fn train(rows: &[(Vec<f64>, bool)], l2: f64, threshold: f32) -> Scorer {
    let (bias, weights) = fit(rows, l2);
    Scorer {
        bias: bias as f32,
        weights: weights.iter().map(|&v| v as f32).collect(),
        threshold,
    }
}

/// [`train`] for rows of any width: the bias and one weight per column.
pub fn fit(rows: &[(Vec<f64>, bool)], l2: f64) -> (f64, Vec<f64>) {
    let d = rows.first().map_or(FEATURES.len(), |(r, _)| r.len()) + 1;
    // Parameter 0 is the bias; feature i is parameter i + 1.
    let mut w = vec![0.0f64; d];
    // Each row's non-zero parameters (rows are sparse: a few dozen of them).
    let sparse: Vec<(Vec<(usize, f64)>, bool)> = rows
        .iter()
        .map(|(row, y)| {
            let nz = std::iter::once((0, 1.0))
                .chain(
                    row.iter()
                        .enumerate()
                        .filter(|(_, v)| **v != 0.0)
                        .map(|(j, v)| (j + 1, *v)),
                )
                .collect();
            (nz, *y)
        })
        .collect();
    for _ in 0..50 {
        let mut grad = vec![0.0f64; d];
        let mut hess = vec![0.0f64; d * d];
        for (nz, y) in &sparse {
            let z: f64 = nz.iter().map(|&(j, v)| w[j] * v).sum();
            let p = sigmoid(z);
            let err = p - if *y { 1.0 } else { 0.0 };
            let s = p * (1.0 - p);
            for &(j, xj) in nz {
                grad[j] += err * xj;
                for &(k, xk) in nz {
                    hess[j * d + k] += s * xj * xk;
                }
            }
        }
        for j in 1..d {
            grad[j] += 2.0 * l2 * w[j];
            hess[j * d + j] += 2.0 * l2;
        }
        // A tiny ridge on the bias keeps the system solvable with no rows.
        hess[0] += 1e-9;
        let Some(step) = solve(hess, grad, d) else {
            break;
        };
        let mut change = 0.0f64;
        for j in 0..d {
            w[j] -= step[j];
            change = change.max(step[j].abs());
        }
        if change < 1e-7 {
            break;
        }
    }
    (w[0], w[1..].to_vec())
}

/// Solves `a x = b` (`a` is `n × n`, row-major, positive definite) by
/// Gaussian elimination with partial pivoting; `None` if it is singular.
fn solve(mut a: Vec<f64>, mut b: Vec<f64>, n: usize) -> Option<Vec<f64>> {
    for col in 0..n {
        let pivot =
            (col..n).max_by(|&i, &j| a[i * n + col].abs().total_cmp(&a[j * n + col].abs()))?;
        if a[pivot * n + col].abs() < 1e-12 {
            return None;
        }
        if pivot != col {
            for k in 0..n {
                a.swap(col * n + k, pivot * n + k);
            }
            b.swap(col, pivot);
        }
        for i in col + 1..n {
            let f = a[i * n + col] / a[col * n + col];
            if f == 0.0 {
                continue;
            }
            for k in col..n {
                a[i * n + k] -= f * a[col * n + k];
            }
            b[i] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let s: f64 = (i + 1..n).map(|k| a[i * n + k] * x[k]).sum();
        x[i] = (b[i] - s) / a[i * n + i];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_scorer_reads() {
        let s = Scorer::embedded().expect("models/event-scorer-v1.txt reads");
        assert!((0.0..=1.0).contains(&s.threshold));
    }

    #[test]
    fn a_file_round_trips_and_bad_lines_are_named() {
        let mut s = Scorer {
            bias: -1.25,
            threshold: 0.3,
            ..Scorer::default()
        };
        s.weights[FEATURES.iter().position(|f| *f == "root_11").unwrap()] = 0.75;
        let text = s.to_text("trained on nothing\n\nby a test");
        assert!(text.starts_with("# trained on nothing\n#\n# by a test\n"));
        assert_eq!(Scorer::parse(&text).unwrap(), s);
        let err = |t: &str| Scorer::parse(t).unwrap_err();
        assert_eq!(err("bias 1"), "no 'format' line");
        assert!(err("format 2").contains("format 2, this newsgraph reads format 1"));
        assert!(err("format 1\nweight no_such 1").contains("line 2: no feature named 'no_such'"));
        assert!(err("format 1\nbias x").contains("'x' is not a number"));
        assert!(err("format 1\nthreshold 2").contains("not between 0 and 1"));
        assert!(err("format 1\nbias 1 2").contains("cannot read"));
    }

    #[test]
    fn scores_follow_the_weights() {
        let mut s = Scorer::default();
        let f: Features = vec![("root_11", 1.0)];
        assert_eq!(s.score(&f), 0.5);
        s.weights[FEATURES.iter().position(|f| *f == "root_11").unwrap()] = 2.0;
        assert!(s.score(&f) > 0.85);
        assert_eq!(s.score(&vec![("root_19", 1.0)]), 0.5);
    }

    #[test]
    fn training_separates_what_the_labels_separate_and_is_deterministic() {
        // root_11 events are mostly right, root_19 mostly wrong.
        let mut rows = Vec::new();
        for k in 0..40 {
            rows.push((dense(&vec![("root_11", 1.0)]), k % 5 != 0));
            rows.push((dense(&vec![("root_19", 1.0)]), k % 5 == 0));
        }
        let s = train(&rows, 0.1, 0.5);
        let good = s.score(&vec![("root_11", 1.0)]);
        let bad = s.score(&vec![("root_19", 1.0)]);
        assert!(good > 0.7 && bad < 0.3, "{good} {bad}");
        // Near the observed rates (0.8 and 0.2), pulled in by the penalty.
        assert!((good - 0.8).abs() < 0.05, "{good}");
        assert_eq!(train(&rows, 0.1, 0.5), s);
        // A stronger penalty pulls both towards the middle.
        let soft = train(&rows, 10.0, 0.5);
        assert!(soft.score(&vec![("root_11", 1.0)]) < good);
    }
}
