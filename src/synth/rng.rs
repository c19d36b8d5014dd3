//! A tiny deterministic random number generator (SplitMix64), so the same scale always gives the
//! same synthetic inputs and the benchmark's numbers can be compared run to run.

pub struct Rng(u64);

impl Rng {
    /// A generator for one purpose: the seed mixes every part of `key`.
    pub fn new(key: &[u64]) -> Rng {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for k in key {
            rng.0 ^= k.wrapping_mul(0xBF58_476D_1CE4_E5B9);
            rng.next();
        }
        rng
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_deterministic_and_spread() {
        let mut a = super::Rng::new(&[1, 2]);
        let mut b = super::Rng::new(&[1, 2]);
        let xs: Vec<usize> = (0..1000).map(|_| a.below(10)).collect();
        assert_eq!(xs, (0..1000).map(|_| b.below(10)).collect::<Vec<_>>());
        for d in 0..10 {
            let n = xs.iter().filter(|&&x| x == d).count();
            assert!((60..140).contains(&n), "{d}: {n}");
        }
        assert_ne!(
            super::Rng::new(&[1, 3]).next(),
            super::Rng::new(&[1, 2]).next()
        );
    }
}
