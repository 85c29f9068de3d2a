//! Background work. Jobs run on one worker thread, in the order given, and each result comes back
//! as an [`Input`] on the channel the event loop waits on, where the terminal's events arrive too:
//! a slow carrier never holds up a frame or a key.

use crate::ui::component::{Reply, Task};
use ratatui::crossterm::event::Event;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// What the event loop receives.
pub enum Input {
    Terminal(Event),
    /// Reading the terminal failed (it hung up, or went away).
    TerminalFailed(std::io::Error),
    /// A background job's result.
    Done(Done),
}

/// What a job gives back.
pub enum Done {
    /// For the screen that asked.
    Reply(Reply),
    /// The next step of a task, which the router runs.
    Next(Task),
}

type Job = Box<dyn FnOnce() -> Done + Send>;

pub struct Jobs {
    work: Sender<Job>,
    inbox: Receiver<Input>,
    outbox: Sender<Input>,
    /// Jobs given whose result was not taken yet.
    pending: usize,
}

impl Default for Jobs {
    fn default() -> Jobs {
        let (work, queue) = mpsc::channel::<Job>();
        let (outbox, inbox) = mpsc::channel();
        let results = outbox.clone();
        std::thread::spawn(move || {
            // Ends when the app (holding `work`) is gone.
            for job in queue {
                if results.send(Input::Done(job())).is_err() {
                    break;
                }
            }
        });
        Jobs {
            work,
            inbox,
            outbox,
            pending: 0,
        }
    }
}

impl Jobs {
    pub fn run(&mut self, job: impl FnOnce() -> Reply + Send + 'static) {
        self.give(Box::new(move || Done::Reply(job())));
    }

    /// Runs the background part of a task, whose result is the task's next step.
    pub fn run_then(&mut self, job: Box<dyn FnOnce() -> Task + Send>) {
        self.give(Box::new(move || Done::Next(job())));
    }

    fn give(&mut self, job: Job) {
        if self.work.send(job).is_ok() {
            self.pending += 1;
        }
    }

    /// Where the terminal's events are to be sent.
    pub fn sender(&self) -> Sender<Input> {
        self.outbox.clone()
    }

    /// The next input, waiting at most `timeout`.
    pub fn next(&mut self, timeout: Duration) -> Option<Input> {
        match self.inbox.recv_timeout(timeout) {
            Ok(input) => Some(self.taken(input)),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => None,
        }
    }

    /// The next input already there.
    pub fn ready(&mut self) -> Option<Input> {
        self.inbox.try_recv().ok().map(|input| self.taken(input))
    }

    /// The next input, waiting for it while a job is under way; `None` once none is.
    pub fn wait(&mut self) -> Option<Input> {
        if self.pending == 0 {
            return None;
        }
        self.inbox.recv().ok().map(|input| self.taken(input))
    }

    fn taken(&mut self, input: Input) -> Input {
        if let Input::Done(_) = input {
            self.pending -= 1;
        }
        input
    }
}
