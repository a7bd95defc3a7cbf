//! Progress of long CLI work on standard error: a bar when it is a terminal (indicatif), plain
//! lines otherwise (log files, CI, pipes), one every tenth of the way for large jobs.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Jobs smaller than this print no intermediate plain lines (they end before anyone looks).
const PLAIN_LINES_FROM: usize = 200;

pub struct Progress {
    what: String,
    total: usize,
    bar: Option<ProgressBar>,
    /// Plain mode: the last tenth printed.
    last_tenth: usize,
}

impl Progress {
    /// Progress of `total` steps of `what` ("checking rows").
    pub fn new(what: &str, total: usize) -> Progress {
        let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
        Progress::with_bar(what, total, terminal)
    }

    fn with_bar(what: &str, total: usize, terminal: bool) -> Progress {
        let bar = terminal.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta} left)")
                    .expect("valid template")
                    .progress_chars("#>-"),
            );
            bar.set_message(what.to_string());
            bar
        });
        Progress {
            what: what.to_string(),
            total,
            bar,
            last_tenth: 0,
        }
    }

    /// `done` steps of the total are done.
    pub fn set(&mut self, done: usize) {
        match &self.bar {
            Some(bar) => bar.set_position(done as u64),
            None => {
                if let Some(line) = self.plain_line(done) {
                    eprintln!("{line}");
                }
            }
        }
    }

    /// The plain line to print at `done`, if it reaches a new tenth of a large job.
    fn plain_line(&mut self, done: usize) -> Option<String> {
        if self.total < PLAIN_LINES_FROM {
            return None;
        }
        let tenth = done * 10 / self.total.max(1);
        if tenth <= self.last_tenth {
            return None;
        }
        self.last_tenth = tenth;
        Some(format!(
            "{}: {done}/{} ({}%)",
            self.what,
            self.total,
            tenth * 10
        ))
    }

    /// Clears the bar (the summary printed next replaces it).
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_every_tenth_of_a_large_job_only() {
        let mut p = Progress::with_bar("checking rows", 1_000, false);
        let lines: Vec<String> = (1..=1_000).filter_map(|d| p.plain_line(d)).collect();
        assert_eq!(lines.len(), 10, "{lines:?}");
        assert_eq!(lines[0], "checking rows: 100/1000 (10%)");
        assert_eq!(lines[9], "checking rows: 1000/1000 (100%)");
        let mut small = Progress::with_bar("structures", 50, false);
        assert!((1..=50).all(|d| small.plain_line(d).is_none()));
    }
}
