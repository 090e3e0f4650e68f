//! Byte search for the YAML readers (`yaml_guard`, `yaml_fast`): the `memchr` crate's SIMD
//! loops, without its CPU feature check where the text is small.
//!
//! `memchr::memchr` picks AVX2 or SSE2 the first time it runs, which asks the processor with
//! about ten `cpuid` instructions. Under a hypervisor each of those traps to the host: 1.5 µs
//! apiece on the machine `docs/PERFORMANCE.md` measures, which `assess --ratings` paid on
//! every run for a file of a few hundred bytes. SSE2 is part of x86-64 itself, so its loops
//! need no check. Texts of [`LARGE`] bytes or more (framework files) go through `memchr`'s
//! own choice, AVX2 where there is one: there the check costs nothing in comparison.

/// From this size on, a search takes `memchr`'s checked AVX2 path.
pub const LARGE: usize = 64 << 10;

#[cfg(target_arch = "x86_64")]
mod imp {
    use super::LARGE;
    use memchr::arch::x86_64::sse2::memchr::{One, Three, Two};

    // `new` returns `None` only without SSE2, which x86-64 rules out at compile time.
    const SSE2: &str = "SSE2 is part of x86-64";

    pub fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
        if haystack.len() >= LARGE {
            return memchr::memchr(needle, haystack);
        }
        One::new(needle).expect(SSE2).find(haystack)
    }

    pub fn rfind(needle: u8, haystack: &[u8]) -> Option<usize> {
        if haystack.len() >= LARGE {
            return memchr::memrchr(needle, haystack);
        }
        One::new(needle).expect(SSE2).rfind(haystack)
    }

    pub fn find2(n1: u8, n2: u8, haystack: &[u8]) -> Option<usize> {
        if haystack.len() >= LARGE {
            return memchr::memchr2(n1, n2, haystack);
        }
        Two::new(n1, n2).expect(SSE2).find(haystack)
    }

    pub fn find3(n1: u8, n2: u8, n3: u8, haystack: &[u8]) -> Option<usize> {
        if haystack.len() >= LARGE {
            return memchr::memchr3(n1, n2, n3, haystack);
        }
        Three::new(n1, n2, n3).expect(SSE2).find(haystack)
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod imp {
    pub use memchr::{memchr as find, memchr2 as find2, memchr3 as find3, memrchr as rfind};
}

/// The first `needle` in `haystack`.
#[inline]
pub fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
    imp::find(needle, haystack)
}

/// The last `needle` in `haystack`.
#[inline]
pub fn rfind(needle: u8, haystack: &[u8]) -> Option<usize> {
    imp::rfind(needle, haystack)
}

/// The first of `n1` or `n2` in `haystack`.
#[inline]
pub fn find2(n1: u8, n2: u8, haystack: &[u8]) -> Option<usize> {
    imp::find2(n1, n2, haystack)
}

/// Every position of `needle` in `haystack`, in order.
pub fn positions(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    if haystack.len() >= LARGE {
        // `memchr`'s own iterator: framework files have an indicator every few bytes, and
        // a search call per hit would pay its setup each time.
        Positions::Large(memchr::memchr_iter(needle, haystack))
    } else {
        Positions::Small(positions_by(haystack, move |rest| imp::find(needle, rest)))
    }
}

/// Every position of `n1`, `n2` or `n3` in `haystack`, in order.
pub fn positions3(n1: u8, n2: u8, n3: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    if haystack.len() >= LARGE {
        Positions::Large(memchr::memchr3_iter(n1, n2, n3, haystack))
    } else {
        Positions::Small(positions_by(haystack, move |rest| {
            imp::find3(n1, n2, n3, rest)
        }))
    }
}

enum Positions<S, L> {
    Small(S),
    Large(L),
}

impl<S: Iterator<Item = usize>, L: Iterator<Item = usize>> Iterator for Positions<S, L> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        match self {
            Positions::Small(small) => small.next(),
            Positions::Large(large) => large.next(),
        }
    }
}

fn positions_by<'h>(
    haystack: &'h [u8],
    find: impl Fn(&[u8]) -> Option<usize> + 'h,
) -> impl Iterator<Item = usize> + 'h {
    let mut at = 0;
    std::iter::from_fn(move || {
        let found = at + find(haystack.get(at..)?)?;
        at = found + 1;
        Some(found)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn naive_positions(needles: &[u8], haystack: &[u8]) -> Vec<usize> {
        (0..haystack.len())
            .filter(|&i| needles.contains(&haystack[i]))
            .collect()
    }

    proptest! {
        // Bytes from a small alphabet, so that needles occur often, at every offset of the
        // 16-byte blocks and in the tails the SIMD loops handle apart.
        #[test]
        fn agrees_with_a_plain_scan(haystack in proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'\n'), Just(b':'), Just(b'-'), Just(0xe2u8)], 0..200)) {
            let hay = haystack.as_slice();
            prop_assert_eq!(find(b'\n', hay), naive_positions(b"\n", hay).first().copied());
            prop_assert_eq!(rfind(b'\n', hay), naive_positions(b"\n", hay).last().copied());
            prop_assert_eq!(find2(b':', 0xe2, hay), naive_positions(b":\xe2", hay).first().copied());
            prop_assert_eq!(positions(b'-', hay).collect::<Vec<_>>(), naive_positions(b"-", hay));
            prop_assert_eq!(positions3(b'-', b':', 0xe2, hay).collect::<Vec<_>>(), naive_positions(b"-:\xe2", hay));
        }
    }

    proptest! {
        // Each case scans 64 KB a few times over, unoptimized in `cargo test`.
        #![proptest_config(ProptestConfig::with_cases(48))]

        // The same past `LARGE`, where `memchr` chooses its own loops, and across the switch.
        #[test]
        fn agrees_with_a_plain_scan_on_large_texts(at in 0..LARGE + 100, tail in 0usize..64) {
            let mut haystack = vec![b'a'; LARGE + 100 + tail];
            // Two of each needle (one, where they fall together), so that first and last
            // differ.
            haystack[at] = b'\n';
            haystack[at / 3] = b'\n';
            haystack[LARGE + 99 - at / 2] = b':';
            haystack[at / 5] = b':';
            let hay = haystack.as_slice();
            prop_assert_eq!(find(b'\n', hay), naive_positions(b"\n", hay).first().copied());
            prop_assert_eq!(rfind(b':', hay), naive_positions(b":", hay).last().copied());
            prop_assert_eq!(find2(b':', b'\n', hay), naive_positions(b":\n", hay).first().copied());
            prop_assert_eq!(positions3(b'-', b':', b'\n', hay).collect::<Vec<_>>(), naive_positions(b"-:\n", hay));
        }
    }
}
