//! A bump arena for the first few megabytes a run allocates; the binary's global allocator.
//!
//! A read-only command on the embedded framework spends most of its time in `malloc` and
//! `free`: decoding the framework makes thousands of small strings and vectors that live until
//! the process exits. Handing them out from one static block by bumping an offset costs a few
//! instructions each. Once the block is used up, or for anything that does not fit, the
//! system allocator takes over, so a large framework (`--data`) costs at most `ARENA_BYTES`
//! more than it would anyway.
//!
//! Memory given back is used again, because every fresh page costs a page fault when it is
//! first written and more work when the process exits: the argument parser alone builds and
//! drops about 100 KB before a command starts. Freeing the most recent allocation rolls the
//! offset back; any other block goes on a free list for its size class, and the next request
//! of that class takes it. Growing the most recent allocation extends it in place.
//!
//! Fresh pages are made resident [`POPULATE_STEP`] bytes at a time, with one system call,
//! just before the offset reaches them: a page written for the first time costs a page fault
//! of its own (1-3 µs on a virtual machine), and the kernel fills a run of pages asked for at
//! once for a fraction of that.
//!
//! The free lists reuse a freed block only for a request of its size class, and the argument
//! parser's blocks are of other sizes than a command's. So the binary takes a [`Mark`] before
//! parsing, moves the parsed arguments out ([`Arena::outside`]), and [`Arena::release`]s the
//! mark: when every block handed out since the mark has been given back, the offset returns to
//! it, and the command runs in memory that is already resident and recently written.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Size of the arena. The embedded framework and a command's output fit several times over.
pub const ARENA_BYTES: usize = 4 << 20;

/// How far ahead of the offset the block is made resident (see the module documentation).
/// `--version` uses about 120 KB of the arena and `assess` about 260 KB. Measured: 32 KB
/// steps run as fast, 128 KB steps are slower for `assess` (more pages it never uses).
const POPULATE_STEP: usize = 64 << 10;

/// Blocks are handed out in multiples of this, aligned to it, so a freed block can serve
/// any later request of its size class that needs no more alignment.
const GRAIN: usize = 8;
/// Sizes up to this have a class every `GRAIN` bytes ...
const FINE_MAX: usize = 256;
/// ... and above it four classes per doubling, up to this; larger blocks are not reused.
const CLASSED_MAX: usize = 64 << 10;
const FINE_CLASSES: usize = FINE_MAX / GRAIN;
const CLASSES: usize =
    FINE_CLASSES + 4 * (CLASSED_MAX.trailing_zeros() - FINE_MAX.trailing_zeros()) as usize;

/// The size class of a block of `size` bytes and the bytes such a block takes, or `None`
/// for blocks too large to be reused. (Shifts and masks: this runs for every allocation.)
#[inline]
fn class_of(size: usize) -> Option<(usize, usize)> {
    if size <= FINE_MAX {
        let grains = size.max(1).div_ceil(GRAIN);
        return Some((grains - 1, grains * GRAIN));
    }
    if size > CLASSED_MAX {
        return None;
    }
    // size is in (2^k, 2^(k+1)], split into four steps of 2^(k-2).
    let k = (usize::BITS - 1 - (size - 1).leading_zeros()) as usize;
    let shift = k - 2;
    let steps = (size + (1 << shift) - 1) >> shift; // 5 to 8
    let class = FINE_CLASSES + (k - FINE_MAX.trailing_zeros() as usize) * 4 + steps - 5;
    Some((class, steps << shift))
}

/// Bytes a block of `size` takes in the arena.
#[inline]
fn footprint(size: usize) -> usize {
    match class_of(size) {
        Some((_, bytes)) => bytes,
        None => (size + GRAIN - 1) & !(GRAIN - 1),
    }
}

#[repr(C, align(4096))]
struct Block(UnsafeCell<[u8; ARENA_BYTES]>);

thread_local! {
    /// A byte whose address tells one live thread from another.
    static THREAD_MARK: u8 = const { 0 };
}

fn this_thread() -> usize {
    THREAD_MARK.with(|mark| mark as *const u8 as usize)
}

/// The global allocator of the `pathway` binary (see the module documentation).
///
/// Only the thread that called [`Arena::claim`] allocates from it, so it needs no lock; every
/// other thread (the parallel parsing of a large framework) uses the system allocator.
pub struct Arena {
    block: Block,
    /// Which thread the arena serves (see `this_thread`), or 0 before `claim`.
    owner: AtomicUsize,
    /// Bytes of `block` handed out, including alignment padding and blocks freed since.
    used: UnsafeCell<usize>,
    /// The first block of each size class's free list; each free block holds the next.
    free: UnsafeCell<[*mut u8; CLASSES]>,
    /// Bytes at the start of `block` already made resident (see `populate`).
    populated: UnsafeCell<usize>,
    /// The offset of the open [`Mark`] (`NO_MARK` when none), inverted: zero when there is
    /// none, so that the arena's initial value is all zeros and takes no room in the binary.
    /// Blocks from the mark on are counted in `live`.
    mark_inverted: UnsafeCell<usize>,
    /// Blocks from `mark` on handed out and not yet given back.
    live: UnsafeCell<usize>,
}

const NO_MARK: usize = usize::MAX;

/// An open mark of the arena (see [`Arena::mark`]); [`Arena::release`] closes it.
#[derive(Debug)]
#[must_use = "a mark is closed by `Arena::release`"]
pub struct Mark(());

// SAFETY: `used`, `free` and the bytes of `block` are read and written only by the owning
// thread; other threads read only `owner` and the block's address.
unsafe impl Sync for Arena {}

impl Arena {
    pub const fn new() -> Arena {
        Arena {
            block: Block(UnsafeCell::new([0; ARENA_BYTES])),
            owner: AtomicUsize::new(0),
            used: UnsafeCell::new(0),
            free: UnsafeCell::new([std::ptr::null_mut(); CLASSES]),
            populated: UnsafeCell::new(0),
            mark_inverted: UnsafeCell::new(!NO_MARK),
            live: UnsafeCell::new(0),
        }
    }

    /// Makes the calling thread the one the arena serves, if no thread has claimed it yet;
    /// true when the calling thread owns it afterwards.
    pub fn claim(&self) -> bool {
        let me = this_thread();
        match self
            .owner
            .compare_exchange(0, me, Ordering::Relaxed, Ordering::Relaxed)
        {
            Ok(_) => true,
            Err(owner) => owner == me,
        }
    }

    /// The open mark's offset, or `NO_MARK`.
    ///
    /// SAFETY: only on the owning thread.
    #[inline(always)]
    unsafe fn mark_offset(&self) -> usize {
        !*self.mark_inverted.get()
    }

    /// SAFETY: only on the owning thread.
    #[inline(always)]
    unsafe fn set_mark(&self, offset: usize) {
        *self.mark_inverted.get() = !offset;
    }

    /// Opens a mark at the current offset: from here on the arena counts the blocks it hands
    /// out from the mark on, so that [`Arena::release`] can take their memory back. `None`
    /// off the owning thread or while a mark is open.
    pub fn mark(&self) -> Option<Mark> {
        if !self.mine() {
            return None;
        }
        // SAFETY: on the owning thread.
        unsafe {
            if self.mark_offset() != NO_MARK {
                return None;
            }
            self.set_mark(*self.used.get());
            *self.live.get() = 0;
        }
        Some(Mark(()))
    }

    /// Runs `f` with this thread's allocations served by the system allocator, so that what
    /// `f` makes lies outside the arena and outlives a [`Arena::release`].
    pub fn outside<T>(&self, f: impl FnOnce() -> T) -> T {
        /// Gives the arena back to its owner even if `f` unwinds.
        struct Restore<'a>(&'a AtomicUsize, usize);
        impl Drop for Restore<'_> {
            fn drop(&mut self) {
                self.0.store(self.1, Ordering::Relaxed);
            }
        }
        let _restore = Restore(&self.owner, self.owner.load(Ordering::Relaxed));
        // No thread's address: `this_thread` is the address of a thread-local byte.
        self.owner.store(1, Ordering::Relaxed);
        f()
    }

    /// Closes `mark`. When every block handed out from it on has been given back, the offset
    /// returns to the mark and the free blocks past it leave their lists: what comes next is
    /// served from the same, already resident memory. True when it did; when a block is still
    /// in use, nothing moves (the memory is only not reused).
    pub fn release(&self, mark: Mark) -> bool {
        let Mark(()) = mark;
        if !self.mine() {
            return false;
        }
        // SAFETY: on the owning thread. No block from the mark on is in use (`live` counts
        // them), so nothing refers to the memory the offset takes back.
        unsafe {
            let offset = self.mark_offset();
            self.set_mark(NO_MARK);
            if offset == NO_MARK || *self.live.get() != 0 {
                return false;
            }
            let floor = self.base() + offset;
            for head in (*self.free.get()).iter_mut() {
                let mut link: *mut *mut u8 = head;
                while !(*link).is_null() {
                    let block = *link;
                    if block as usize >= floor {
                        *link = block.cast::<*mut u8>().read();
                    } else {
                        link = block.cast::<*mut u8>();
                    }
                }
            }
            *self.used.get() = offset;
        }
        true
    }

    fn mine(&self) -> bool {
        self.owner.load(Ordering::Relaxed) == this_thread()
    }

    fn base(&self) -> usize {
        self.block.0.get() as usize
    }

    fn owns(&self, ptr: *mut u8) -> bool {
        let address = ptr as usize;
        address >= self.base() && address < self.base() + ARENA_BYTES
    }

    /// Makes the block resident up to `end` at least, when it is not yet.
    ///
    /// SAFETY: only on the owning thread.
    #[inline(always)]
    unsafe fn populate_to(&self, end: usize) {
        if end > *self.populated.get() {
            self.populate(end);
        }
    }

    /// Makes the block resident from where it last stopped to `end` rounded up to
    /// [`POPULATE_STEP`], in one system call.
    ///
    /// SAFETY: only on the owning thread.
    #[cold]
    #[inline(never)]
    unsafe fn populate(&self, end: usize) {
        let populated = &mut *self.populated.get();
        let to = end.next_multiple_of(POPULATE_STEP).min(ARENA_BYTES);
        // Advice, not a requirement: a kernel older than 5.14 refuses it (EINVAL), and the
        // pages then fault in one at a time when written, as they would anyway. (`populated`
        // starts at 0 and moves in whole steps, so the start is page-aligned.)
        #[cfg(target_os = "linux")]
        libc::madvise(
            (self.base() + *populated) as *mut libc::c_void,
            to - *populated,
            libc::MADV_POPULATE_WRITE,
        );
        *populated = to;
    }

    /// Bytes handed out so far, including blocks freed and waiting to be used again (for
    /// tests and measurements, on the owning thread).
    pub fn used(&self) -> usize {
        if self.mine() {
            // SAFETY: read on the owning thread.
            unsafe { *self.used.get() }
        } else {
            0
        }
    }

    /// A block of `layout` from the arena, or null when it does not fit.
    ///
    /// SAFETY: only on the owning thread.
    unsafe fn take(&self, layout: Layout) -> *mut u8 {
        let class = class_of(layout.size());
        if let Some((class, _)) = class {
            let head = &mut (*self.free.get())[class];
            if !head.is_null() && layout.align() <= GRAIN {
                let block = *head;
                // A free block's first word holds the next free block of its class.
                *head = block.cast::<*mut u8>().read();
                if block as usize - self.base() >= self.mark_offset() {
                    *self.live.get() += 1;
                }
                return block;
            }
        }
        let base = self.base();
        let used = &mut *self.used.get();
        let align = layout.align().max(GRAIN); // a power of two
        let start = ((base + *used + align - 1) & !(align - 1)) - base;
        match start.checked_add(footprint(layout.size())) {
            Some(end) if end <= ARENA_BYTES => {
                *used = end;
                self.populate_to(end);
                if start >= self.mark_offset() {
                    *self.live.get() += 1;
                }
                (base + start) as *mut u8
            }
            _ => std::ptr::null_mut(),
        }
    }

    /// Takes back a block of the arena: rolls the offset back for the most recent one, puts
    /// any other on its free list.
    ///
    /// SAFETY: only on the owning thread, for a block of the arena no longer in use.
    unsafe fn give_back(&self, ptr: *mut u8, size: usize) {
        let start = ptr as usize - self.base();
        let mark = self.mark_offset();
        if start >= mark {
            *self.live.get() -= 1;
        }
        let used = &mut *self.used.get();
        if start + footprint(size) == *used {
            *used = start;
            // The last block before an open mark: the mark moves down with the offset (the
            // block was the only one between them).
            if start < mark && mark != NO_MARK {
                self.set_mark(start);
            }
        } else if let Some((class, _)) = class_of(size) {
            // The block (at least `GRAIN` bytes, aligned to them) can hold the list's link.
            let head = &mut (*self.free.get())[class];
            ptr.cast::<*mut u8>().write(*head);
            *head = ptr;
        }
    }

    /// Grows or shrinks the most recent allocation in place; false for any other block or
    /// when the new size does not fit.
    ///
    /// SAFETY: only on the owning thread.
    unsafe fn resize_last(&self, ptr: *mut u8, size: usize, new_size: usize) -> bool {
        let start = ptr as usize - self.base();
        let used = &mut *self.used.get();
        if start + footprint(size) != *used {
            return false;
        }
        match start.checked_add(footprint(new_size)) {
            Some(end) if end <= ARENA_BYTES => {
                *used = end;
                self.populate_to(end);
                // The last block before an open mark, resized: the offset stays at or past the
                // mark. Grown across it, the block counts as one from the mark on (it was the
                // only block between its start and the mark); shrunk, the mark follows its end.
                let mark = self.mark_offset();
                if mark != NO_MARK && start < mark {
                    if end > mark {
                        self.set_mark(start);
                        *self.live.get() += 1;
                    } else {
                        self.set_mark(end);
                    }
                }
                true
            }
            _ => false,
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
        if self.mine() {
            let ptr = self.take(layout);
            if !ptr.is_null() {
                return ptr;
            }
        }
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if self.mine() {
            let ptr = self.take(layout);
            if !ptr.is_null() {
                // The bytes may have been handed out before.
                std::ptr::write_bytes(ptr, 0, layout.size());
                return ptr;
            }
        }
        System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if !self.owns(ptr) {
            System.dealloc(ptr, layout);
        } else if self.mine() {
            self.give_back(ptr, layout.size());
        }
        // A block of the arena freed on another thread stays where it is.
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !self.owns(ptr) {
            return System.realloc(ptr, layout, new_size);
        }
        // The most recent allocation, or a block that already has room (its size class
        // rounds up), changes size where it is.
        if (self.mine() && self.resize_last(ptr, layout.size(), new_size))
            || footprint(new_size) <= footprint(layout.size())
        {
            return ptr;
        }
        // SAFETY: the caller guarantees `new_size` with the old alignment is a valid layout.
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        let new_ptr = self.alloc(new_layout);
        if !new_ptr.is_null() {
            std::ptr::copy_nonoverlapping(ptr, new_ptr, layout.size());
            self.dealloc(ptr, layout);
        }
        new_ptr
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn size_classes_cover_every_size_once_and_in_order() {
        let mut previous = class_of(1).unwrap();
        assert_eq!(previous, (0, GRAIN));
        for size in 2..=CLASSED_MAX {
            let (class, bytes) = class_of(size).unwrap();
            assert!(class < CLASSES, "{size}");
            assert!(bytes >= size && bytes % GRAIN == 0, "{size} takes {bytes}");
            // Classes grow with the size, and one class always takes the same bytes.
            assert!(class == previous.0 || class == previous.0 + 1, "{size}");
            if class == previous.0 {
                assert_eq!(bytes, previous.1, "{size}");
            }
            // At most a quarter more than asked, past the fine classes.
            if size > FINE_MAX {
                assert!(bytes - size < size / 4, "{size} takes {bytes}");
            }
            previous = (class, bytes);
        }
        assert_eq!(previous.0, CLASSES - 1);
        assert_eq!(class_of(CLASSED_MAX + 1), None);
        assert_eq!(footprint(CLASSED_MAX + 1), CLASSED_MAX + GRAIN);
    }

    // Statics: an arena is too large for a test thread's stack. Each test has its own, as a
    // test runs on a thread of its own and an arena serves one thread.
    static BUMPS: Arena = Arena::new();

    #[test]
    fn bumps_aligns_rolls_back_reuses_and_grows_in_place() {
        assert!(BUMPS.claim());
        unsafe {
            let a = BUMPS.alloc(layout(3, 1));
            assert!(BUMPS.owns(a));
            let b = BUMPS.alloc(layout(16, 16));
            assert_eq!(b as usize % 16, 0);
            assert!(b as usize >= a as usize + 3);

            // The latest allocation grows in place and keeps its bytes.
            std::ptr::write_bytes(b, 7, 16);
            let grown = BUMPS.realloc(b, layout(16, 16), 64);
            assert_eq!(grown, b);
            assert_eq!(*grown.add(15), 7);

            // An earlier one moves, and its bytes come along; its old block is free again.
            std::ptr::write_bytes(a, 9, 3);
            let moved = BUMPS.realloc(a, layout(3, 1), 100);
            assert_ne!(moved, a);
            assert_eq!(std::slice::from_raw_parts(moved, 3), &[9, 9, 9]);
            let used = BUMPS.used();
            assert_eq!(
                BUMPS.alloc(layout(5, 4)),
                a,
                "the freed block of the same class"
            );
            assert_eq!(BUMPS.used(), used);

            // Freeing the latest gives its bytes back; zeroed memory is zeroed even then.
            let c = BUMPS.alloc(layout(32, 8));
            let used = BUMPS.used();
            std::ptr::write_bytes(c, 1, 32);
            BUMPS.dealloc(c, layout(32, 8));
            assert_eq!(BUMPS.used(), used - 32);
            let zeroed = BUMPS.alloc_zeroed(layout(32, 8));
            assert_eq!(zeroed, c);
            assert!(std::slice::from_raw_parts(zeroed, 32)
                .iter()
                .all(|&b| b == 0));

            // A block freed in the middle serves the next request of its class, zeroed
            // when asked, but not a request that needs more alignment.
            let middle = BUMPS.alloc(layout(200, 8));
            let after = BUMPS.alloc(layout(8, 8));
            std::ptr::write_bytes(middle, 2, 200);
            BUMPS.dealloc(middle, layout(200, 8));
            let aligned = BUMPS.alloc(layout(200, 64));
            assert_ne!(aligned, middle);
            assert_eq!(aligned as usize % 64, 0);
            let again = BUMPS.alloc_zeroed(layout(199, 1));
            assert_eq!(again, middle);
            assert!(std::slice::from_raw_parts(again, 199)
                .iter()
                .all(|&b| b == 0));
            BUMPS.dealloc(after, layout(8, 8));

            // A block with room to spare (its class rounds up) grows where it is.
            let roomy = BUMPS.alloc(layout(300, 8));
            let _pin = BUMPS.alloc(layout(8, 8));
            assert_eq!(BUMPS.realloc(roomy, layout(300, 8), 320), roomy);

            // What does not fit comes from the system allocator and goes back to it.
            let big = BUMPS.alloc(layout(ARENA_BYTES + 1, 8));
            assert!(!big.is_null() && !BUMPS.owns(big));
            std::ptr::write_bytes(big, 3, ARENA_BYTES + 1);
            let bigger = BUMPS.realloc(big, layout(ARENA_BYTES + 1, 8), ARENA_BYTES * 2);
            assert_eq!(*bigger.add(ARENA_BYTES), 3);
            BUMPS.dealloc(bigger, layout(ARENA_BYTES * 2, 8));

            // An arena allocation that outgrows the arena moves to the system allocator.
            let last = BUMPS.alloc(layout(8, 8));
            std::ptr::write_bytes(last, 5, 8);
            let out = BUMPS.realloc(last, layout(8, 8), ARENA_BYTES + 8);
            assert!(!BUMPS.owns(out));
            assert_eq!(std::slice::from_raw_parts(out, 8), &[5; 8]);
            BUMPS.dealloc(out, layout(ARENA_BYTES + 8, 8));
        }
    }

    static RESIDENT: Arena = Arena::new();

    /// Which of the first `pages` pages of `arena` are in memory, by `mincore`.
    #[cfg(target_os = "linux")]
    fn resident_pages(arena: &Arena, pages: usize) -> Vec<bool> {
        let mut flags = vec![0_u8; pages];
        // SAFETY: the range lies within the arena's block, which is page-aligned.
        let status = unsafe {
            libc::mincore(
                arena.base() as *mut libc::c_void,
                pages * 4096,
                flags.as_mut_ptr(),
            )
        };
        assert_eq!(status, 0, "mincore: {}", std::io::Error::last_os_error());
        flags.iter().map(|flag| flag & 1 == 1).collect()
    }

    /// Whether this kernel takes `MADV_POPULATE_WRITE` (Linux 5.14 and later).
    #[cfg(target_os = "linux")]
    fn kernel_populates() -> bool {
        // SAFETY: a private anonymous page of our own, unmapped before returning.
        unsafe {
            let page = libc::mmap(
                std::ptr::null_mut(),
                4096,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            assert_ne!(page, libc::MAP_FAILED);
            let status = libc::madvise(page, 4096, libc::MADV_POPULATE_WRITE);
            libc::munmap(page, 4096);
            status == 0
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn makes_whole_steps_resident_ahead_of_the_offset() {
        let step_pages = POPULATE_STEP / 4096;
        assert!(RESIDENT.claim());
        assert!(
            resident_pages(&RESIDENT, 3 * step_pages)
                .iter()
                .all(|&resident| !resident),
            "nothing is resident before the first allocation"
        );
        unsafe {
            let first = RESIDENT.alloc(layout(8, 8));
            assert!(RESIDENT.owns(first));
            // Resident now: the whole first step, not yet written; the next step is not.
            let pages = resident_pages(&RESIDENT, 2 * step_pages);
            if kernel_populates() {
                assert!(pages[..step_pages].iter().all(|&resident| resident));
                assert!(pages[step_pages..].iter().all(|&resident| !resident));
                // Growing in place past the step makes the next one resident.
                let grown = RESIDENT.realloc(first, layout(8, 8), POPULATE_STEP + 1);
                assert_eq!(grown, first);
                let pages = resident_pages(&RESIDENT, 3 * step_pages);
                assert!(pages[..2 * step_pages].iter().all(|&resident| resident));
                assert!(pages[2 * step_pages..].iter().all(|&resident| !resident));
            } else {
                // A kernel before 5.14 refuses the advice; allocation works all the same.
                first.write(1);
            }
        }
    }

    static SHARED: Arena = Arena::new();

    #[test]
    fn only_the_claiming_thread_is_served() {
        assert!(SHARED.claim());
        assert!(SHARED.claim(), "claiming again on the same thread");
        let mine = unsafe { SHARED.alloc(layout(64, 8)) };
        assert!(SHARED.owns(mine));
        let address = mine as usize;
        std::thread::scope(|scope| {
            scope.spawn(|| unsafe {
                assert!(!SHARED.claim());
                // Another thread gets the system allocator's memory ...
                let theirs = SHARED.alloc(layout(64, 8));
                assert!(!theirs.is_null() && !SHARED.owns(theirs));
                SHARED.dealloc(theirs, layout(64, 8));
                // ... and a block of the arena it frees stays where it is.
                SHARED.dealloc(address as *mut u8, layout(64, 8));
            });
        });
        let used = SHARED.used();
        let next = unsafe { SHARED.alloc(layout(64, 8)) };
        assert_ne!(
            next, mine,
            "the block freed on the other thread is not handed out"
        );
        assert!(SHARED.used() > used);
    }

    static MARKS: Arena = Arena::new();

    #[test]
    fn release_takes_back_what_was_handed_out_since_the_mark_once_all_of_it_is_free() {
        assert!(MARKS.claim());
        unsafe {
            let before = MARKS.alloc(layout(40, 8));
            let freed_before = MARKS.alloc(layout(24, 8));
            let _pin = MARKS.alloc(layout(8, 8));
            MARKS.dealloc(freed_before, layout(24, 8));
            let at = MARKS.used();

            // Refused while a block from the mark on is in use; nothing moves.
            let mark = MARKS.mark().unwrap();
            assert!(MARKS.mark().is_none(), "one mark at a time");
            let kept = MARKS.alloc(layout(100, 8));
            let dropped = MARKS.alloc(layout(24, 8));
            assert_eq!(
                dropped, freed_before,
                "a block freed before the mark is reused"
            );
            let used = MARKS.used();
            assert!(!MARKS.release(mark));
            assert_eq!(MARKS.used(), used);
            MARKS.dealloc(kept, layout(100, 8));

            // Taken back once every block is free again: the offset returns to the mark, and
            // a freed block past it is not handed out again; one before it is.
            let mark = MARKS.mark().unwrap();
            let at = at.max(MARKS.used());
            let a = MARKS.alloc(layout(300, 8));
            let b = MARKS.alloc(layout(24, 8));
            let c = MARKS.realloc(a, layout(300, 8), 5000);
            MARKS.dealloc(b, layout(24, 8));
            MARKS.dealloc(c, layout(5000, 8));
            MARKS.dealloc(dropped, layout(24, 8));
            assert!(MARKS.release(mark));
            assert_eq!(MARKS.used(), at);
            assert_eq!(MARKS.alloc(layout(300, 8)) as usize, MARKS.base() + at);
            assert_eq!(MARKS.alloc(layout(24, 8)), dropped);
            assert!(MARKS.owns(before));

            // The last block before the mark, freed, resized or grown across it, takes the
            // mark down with it: a block from there on keeps the release from taking it back.
            for case in 0..3 {
                let last = MARKS.alloc(layout(64, 8));
                let mark = MARKS.mark().unwrap();
                let block = match case {
                    0 => {
                        MARKS.dealloc(last, layout(64, 8));
                        MARKS.alloc(layout(128, 8))
                    }
                    1 => {
                        let shrunk = MARKS.realloc(last, layout(64, 8), 8);
                        assert_eq!(shrunk, last);
                        MARKS.alloc(layout(128, 8))
                    }
                    _ => MARKS.realloc(last, layout(64, 8), 128),
                };
                assert!(!MARKS.release(mark), "case {case}");
                assert!(
                    MARKS.used() >= block as usize - MARKS.base() + 128,
                    "case {case}"
                );
            }

            // What `outside` makes comes from the system allocator, and survives a release.
            let mark = MARKS.mark().unwrap();
            let scratch = MARKS.alloc(layout(64, 8));
            let out = MARKS.outside(|| vec![7_u8; 64]);
            assert!(!MARKS.owns(out.as_ptr().cast_mut()));
            assert!(
                MARKS.owns(MARKS.alloc(layout(8, 8))),
                "the owner is served again"
            );
            MARKS.dealloc(scratch, layout(64, 8));
            assert!(!MARKS.release(mark), "the 8 bytes above are still in use");
            assert_eq!(out, vec![7_u8; 64]);
        }
    }

    #[derive(Debug, Clone)]
    enum Step {
        Alloc {
            size: usize,
            align_log: u32,
        },
        Free(usize),
        Resize(usize, usize),
        /// Opens a mark (when none is open).
        Mark,
        /// Releases the open mark.
        Release,
        /// A block from the system allocator, made in `Arena::outside`.
        Outside(usize),
    }

    fn steps() -> impl Strategy<Value = Vec<Step>> {
        let size = prop_oneof![1..64_usize, 1..600_usize, 1..(CLASSED_MAX + 100)];
        let step = prop_oneof![
            4 => (size.clone(), 0..5_u32)
                .prop_map(|(size, align_log)| Step::Alloc { size, align_log }),
            3 => any::<usize>().prop_map(Step::Free),
            3 => (any::<usize>(), size.clone()).prop_map(|(which, size)| Step::Resize(which, size)),
            1 => Just(Step::Mark),
            1 => Just(Step::Release),
            1 => size.prop_map(Step::Outside),
        ];
        prop::collection::vec(step, 1..200)
    }

    /// Live blocks, as (address, layout, the byte each holds).
    fn check(live: &[(usize, Layout, u8)]) {
        let mut spans: Vec<(usize, usize)> =
            live.iter().map(|&(a, l, _)| (a, a + l.size())).collect();
        spans.sort_unstable();
        for pair in spans.windows(2) {
            assert!(pair[0].1 <= pair[1].0, "blocks overlap: {pair:?}");
        }
        for &(address, layout, fill) in live {
            assert_eq!(address % layout.align(), 0);
            // SAFETY: a live block of `layout.size()` bytes, all written.
            let bytes = unsafe { std::slice::from_raw_parts(address as *const u8, layout.size()) };
            assert!(bytes.iter().all(|&b| b == fill), "a block lost its bytes");
        }
    }

    static MODEL: Arena = Arena::new();

    proptest! {
        /// Whatever the order of requests, live blocks never overlap, are aligned and keep
        /// their bytes, through reuse, growth in place, moves and marks released.
        #[test]
        fn live_blocks_never_overlap_and_keep_their_bytes(steps in steps()) {
            assert!(MODEL.claim());
            let mut live: Vec<(usize, Layout, u8)> = Vec::new();
            let mut mark = None;
            for (n, step) in steps.into_iter().enumerate() {
                let fill = n as u8;
                match step {
                    Step::Mark if mark.is_none() => mark = MODEL.mark(),
                    Step::Release => {
                        if let Some(open) = mark.take() {
                            if MODEL.release(open) {
                                // Every block of the arena still in use lies below the offset.
                                let end = MODEL.base() + MODEL.used();
                                for &(address, layout, _) in &live {
                                    if MODEL.owns(address as *mut u8) {
                                        assert!(address + layout.size() <= end);
                                    }
                                }
                            }
                        }
                    }
                    Step::Outside(size) => unsafe {
                        let layout = layout(size, 8);
                        let ptr = MODEL.outside(|| MODEL.alloc(layout));
                        assert!(!ptr.is_null() && !MODEL.owns(ptr));
                        std::ptr::write_bytes(ptr, fill, size);
                        live.push((ptr as usize, layout, fill));
                    },
                    Step::Alloc { size, align_log } => unsafe {
                        let layout = layout(size, 1 << align_log);
                        let ptr = MODEL.alloc(layout);
                        assert!(!ptr.is_null());
                        std::ptr::write_bytes(ptr, fill, size);
                        live.push((ptr as usize, layout, fill));
                    },
                    Step::Free(which) if !live.is_empty() => unsafe {
                        let (address, layout, _) = live.swap_remove(which % live.len());
                        MODEL.dealloc(address as *mut u8, layout);
                    },
                    Step::Resize(which, new_size) if !live.is_empty() => unsafe {
                        let index = which % live.len();
                        let (address, old, old_fill) = live[index];
                        let ptr = MODEL.realloc(address as *mut u8, old, new_size);
                        assert!(!ptr.is_null());
                        let kept = std::slice::from_raw_parts(ptr, old.size().min(new_size));
                        assert!(kept.iter().all(|&b| b == old_fill), "realloc lost bytes");
                        std::ptr::write_bytes(ptr, fill, new_size);
                        live[index] = (ptr as usize, layout(new_size, old.align()), fill);
                    },
                    _ => {}
                }
                if n % 16 == 0 {
                    check(&live);
                }
            }
            check(&live);
            for (address, layout, _) in live {
                unsafe { MODEL.dealloc(address as *mut u8, layout) };
            }
            if let Some(open) = mark {
                // Everything is free: the mark is released.
                prop_assert!(MODEL.release(open));
            }
        }
    }
}
