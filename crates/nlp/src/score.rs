//! Precision, recall and F1 from counts: the one scorer behind every
//! evaluation (`newsgraph-eval`) and the development-set scores training
//! uses to choose its epochs. It lives here, the lowest crate that scores a
//! model, so training and evaluation count the same way.

/// Counts of a comparison between predicted and gold items: `tp` predicted
/// items that match a gold one, `fp` predicted items that match none, and
/// `fn_` gold items no prediction matched.
///
/// Every rate is a **fraction** in `[0, 1]` (multiply by 100 for percent),
/// and is 0 when its denominator is 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    /// From `correct` matches among `n_predicted` predictions and `n_gold`
    /// gold items (a `correct` larger than either is clamped to it).
    pub fn from_counts(correct: usize, n_predicted: usize, n_gold: usize) -> Prf {
        Prf {
            tp: correct,
            fp: n_predicted.saturating_sub(correct),
            fn_: n_gold.saturating_sub(correct),
        }
    }

    /// Number of predictions.
    pub fn n_predicted(&self) -> usize {
        self.tp + self.fp
    }

    /// Number of gold items.
    pub fn n_gold(&self) -> usize {
        self.tp + self.fn_
    }

    /// `tp / (tp + fp)`.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.n_predicted())
    }

    /// `tp / (tp + fn)`.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.n_gold())
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

impl std::ops::AddAssign for Prf {
    fn add_assign(&mut self, other: Prf) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

/// `part / whole`, 0 for an empty whole: accuracies and shares.
pub fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_fractions_and_zero_when_empty() {
        let s = Prf::from_counts(3, 4, 6);
        assert_eq!((s.tp, s.fp, s.fn_), (3, 1, 3));
        assert_eq!(s.precision(), 0.75);
        assert_eq!(s.recall(), 0.5);
        assert!((s.f1() - 0.6).abs() < 1e-12);
        assert_eq!(Prf::default().f1(), 0.0);
        let mut sum = Prf::from_counts(1, 1, 1);
        sum += Prf::from_counts(0, 1, 0);
        assert_eq!(sum.precision(), 0.5);
        assert_eq!(ratio(1, 0), 0.0);
    }
}
