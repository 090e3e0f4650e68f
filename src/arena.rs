//! A bump arena for the first few megabytes a run allocates; the binary's global allocator.
//!
//! A read-only command on the embedded framework spends most of its time in `malloc` and
//! `free`: decoding the framework makes thousands of small strings and vectors that live until
//! the process exits. Handing them out from one static block by bumping an offset, and
//! never giving them back one by one, costs a few instructions each. Once the block is used
//! up, or for anything that does not fit, the system allocator takes over, so a large
//! framework (`--data`) costs at most `ARENA_BYTES` more than it would anyway.
//!
//! Freeing the most recent allocation (a temporary string, a vector that grows) rolls the
//! offset back, and growing the most recent allocation extends it in place.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Size of the arena. The embedded framework and a command's output fit several times over.
pub const ARENA_BYTES: usize = 4 << 20;

#[repr(C, align(4096))]
struct Block(UnsafeCell<[u8; ARENA_BYTES]>);

/// The global allocator of the `pathway` binary (see the module documentation).
pub struct Arena {
    block: Block,
    /// Bytes of `block` handed out, including alignment padding.
    used: AtomicUsize,
}

// SAFETY: every byte of the block is handed out at most once at a time, decided by atomic
// updates of `used`; the block itself is never read or written by the arena.
unsafe impl Sync for Arena {}

impl Arena {
    pub const fn new() -> Arena {
        Arena {
            block: Block(UnsafeCell::new([0; ARENA_BYTES])),
            used: AtomicUsize::new(0),
        }
    }

    fn base(&self) -> usize {
        self.block.0.get() as usize
    }

    fn owns(&self, ptr: *mut u8) -> bool {
        let address = ptr as usize;
        address >= self.base() && address < self.base() + ARENA_BYTES
    }

    /// Bytes handed out so far (for tests and measurements).
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    /// A block of `layout` from the arena, or null when it does not fit.
    fn bump(&self, layout: Layout) -> *mut u8 {
        let base = self.base();
        let mut used = self.used.load(Ordering::Relaxed);
        loop {
            let start = (base + used).next_multiple_of(layout.align()) - base;
            let end = match start.checked_add(layout.size()) {
                Some(end) if end <= ARENA_BYTES => end,
                _ => return std::ptr::null_mut(),
            };
            match self
                .used
                .compare_exchange_weak(used, end, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return (base + start) as *mut u8,
                Err(now) => used = now,
            }
        }
    }
}

impl Default for Arena {
    fn default() -> Arena {
        Arena::new()
    }
}

unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = self.bump(layout);
        if ptr.is_null() {
            System.alloc(layout)
        } else {
            ptr
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = self.bump(layout);
        if ptr.is_null() {
            return System.alloc_zeroed(layout);
        }
        // The bytes may have been handed out before and rolled back.
        std::ptr::write_bytes(ptr, 0, layout.size());
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if !self.owns(ptr) {
            return System.dealloc(ptr, layout);
        }
        // Only the most recent allocation can be given back; the rest stays until exit.
        let start = ptr as usize - self.base();
        let end = start + layout.size();
        let _ = self
            .used
            .compare_exchange(end, start, Ordering::Relaxed, Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !self.owns(ptr) {
            return System.realloc(ptr, layout, new_size);
        }
        let start = ptr as usize - self.base();
        let end = start + layout.size();
        // The most recent allocation grows or shrinks in place while it fits.
        if let Some(new_end) = start.checked_add(new_size) {
            if new_end <= ARENA_BYTES
                && self
                    .used
                    .compare_exchange(end, new_end, Ordering::Relaxed, Ordering::Relaxed)
                    .is_ok()
            {
                return ptr;
            }
        }
        if new_size <= layout.size() {
            return ptr;
        }
        // SAFETY: the caller guarantees `new_size` with the old alignment is a valid layout.
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        let new_ptr = self.alloc(new_layout);
        if !new_ptr.is_null() {
            std::ptr::copy_nonoverlapping(ptr, new_ptr, layout.size());
        }
        new_ptr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Statics: an arena is too large for a test thread's stack.
    static ARENA: Arena = Arena::new();

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn bumps_aligns_rolls_back_and_grows_in_place() {
        // One test touches ARENA, so the offsets below are not disturbed by another.
        unsafe {
            let a = ARENA.alloc(layout(3, 1));
            assert!(ARENA.owns(a));
            let b = ARENA.alloc(layout(16, 16));
            assert_eq!(b as usize % 16, 0);
            assert!(b as usize >= a as usize + 3);

            // The latest allocation grows in place and keeps its bytes.
            std::ptr::write_bytes(b, 7, 16);
            let grown = ARENA.realloc(b, layout(16, 16), 64);
            assert_eq!(grown, b);
            assert_eq!(*grown.add(15), 7);

            // An earlier one moves, and its bytes come along.
            std::ptr::write_bytes(a, 9, 3);
            let moved = ARENA.realloc(a, layout(3, 1), 100);
            assert_ne!(moved, a);
            assert_eq!(std::slice::from_raw_parts(moved, 3), &[9, 9, 9]);

            // Freeing the latest gives its bytes back; zeroed memory is zeroed even then.
            let c = ARENA.alloc(layout(32, 8));
            let used = ARENA.used();
            std::ptr::write_bytes(c, 1, 32);
            ARENA.dealloc(c, layout(32, 8));
            assert_eq!(ARENA.used(), used - 32);
            let zeroed = ARENA.alloc_zeroed(layout(32, 8));
            assert_eq!(zeroed, c);
            assert!(std::slice::from_raw_parts(zeroed, 32)
                .iter()
                .all(|&b| b == 0));

            // What does not fit comes from the system allocator and goes back to it.
            let big = ARENA.alloc(layout(ARENA_BYTES + 1, 8));
            assert!(!big.is_null() && !ARENA.owns(big));
            std::ptr::write_bytes(big, 3, ARENA_BYTES + 1);
            let bigger = ARENA.realloc(big, layout(ARENA_BYTES + 1, 8), ARENA_BYTES * 2);
            assert_eq!(*bigger.add(ARENA_BYTES), 3);
            ARENA.dealloc(bigger, layout(ARENA_BYTES * 2, 8));

            // An arena allocation that outgrows the arena moves to the system allocator.
            let last = ARENA.alloc(layout(8, 8));
            std::ptr::write_bytes(last, 5, 8);
            let out = ARENA.realloc(last, layout(8, 8), ARENA_BYTES + 8);
            assert!(!ARENA.owns(out));
            assert_eq!(std::slice::from_raw_parts(out, 8), &[5; 8]);
            ARENA.dealloc(out, layout(ARENA_BYTES + 8, 8));
        }
    }
}
