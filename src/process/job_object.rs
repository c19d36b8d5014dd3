//! Windows: a Job Object with `JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE` holds this process's
//! children, so that they end with it however it ends (closing the console, Task Manager's End
//! task, a crash): the system closes the job's handle when this process ends, which kills
//! every process still in the job. This process joins the job itself before its first child
//! starts, so that every child, and every process a child starts, is in it from its first
//! instant. Where it cannot join (an old Windows that does not nest jobs, inside a job that
//! forbids it), each child is put in the job as soon as it has started instead.

use std::os::windows::io::AsRawHandle;
use std::process::Child;
use std::sync::OnceLock;

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JobObjectExtendedLimitInformation,
    SetInformationJobObject,
};
use windows_sys::Win32::System::Threading::GetCurrentProcess;

/// A job that kills the processes in it when its last handle closes.
pub struct Job(HANDLE);

// SAFETY: a job handle may be used from any thread; the job is never closed while shared (the
// process-wide one is never dropped).
unsafe impl Send for Job {}
unsafe impl Sync for Job {}

impl Job {
    pub fn kill_on_close() -> std::io::Result<Job> {
        // SAFETY: no security attributes and no name: a new anonymous job, or null.
        let handle = unsafe { CreateJobObjectW(std::ptr::null(), std::ptr::null()) };
        if handle.is_null() {
            return Err(std::io::Error::last_os_error());
        }
        let job = Job(handle);
        let mut limits = JOBOBJECT_EXTENDED_LIMIT_INFORMATION::default();
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        // SAFETY: the structure and its size are the ones this class of information takes.
        let set = unsafe {
            SetInformationJobObject(
                job.0,
                JobObjectExtendedLimitInformation,
                (&raw const limits).cast(),
                size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
            )
        };
        if set == 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(job)
    }

    /// Puts the process `process` (a handle with the rights to do so) into the job.
    pub fn hold(&self, process: HANDLE) -> std::io::Result<()> {
        // SAFETY: both handles are open for the call.
        if unsafe { AssignProcessToJobObject(self.0, process) } == 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }
}

impl Drop for Job {
    /// Closes the handle: if it was the last one, every process in the job is killed.
    fn drop(&mut self) {
        // SAFETY: the handle is this value's own, closed once.
        unsafe { CloseHandle(self.0) };
    }
}

/// The process-wide job, and whether this process is in it.
struct Holding {
    job: Option<Job>,
    joined: bool,
}

static HOLDING: OnceLock<Holding> = OnceLock::new();

fn holding() -> &'static Holding {
    HOLDING.get_or_init(|| {
        let job = Job::kill_on_close().ok();
        // SAFETY: the pseudo-handle of this process needs no closing.
        let joined = job
            .as_ref()
            .is_some_and(|job| job.hold(unsafe { GetCurrentProcess() }).is_ok());
        Holding { job, joined }
    })
}

/// Puts this process into the job, once, before its first child starts.
pub fn this_process() {
    holding();
}

/// A child started while this process is not in the job is put in it now.
pub fn hold(child: &Child) {
    let holding = holding();
    if let (Some(job), false) = (&holding.job, holding.joined) {
        let _ = job.hold(child.as_raw_handle());
    }
}

#[cfg(test)]
mod tests {
    use std::os::windows::io::AsRawHandle;
    use std::time::{Duration, Instant};

    /// A child in a job ends when the job's last handle closes, as it does when this process
    /// ends (run under Wine, see the README's Development).
    #[test]
    fn closing_the_job_kills_the_child_it_holds() {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "process::children::tests::child_of_a_test"])
            .args(["--ignored", "--nocapture", "--test-threads", "1"])
            .env("ANNUAL_UPDATE_TEST_CHILD", "sleep")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let job = super::Job::kill_on_close().unwrap();
        job.hold(child.as_raw_handle()).unwrap();
        assert!(child.try_wait().unwrap().is_none(), "the child runs");
        drop(job);
        let closed = Instant::now();
        while child.try_wait().unwrap().is_none() {
            assert!(
                closed.elapsed() < Duration::from_secs(20),
                "the child still runs after its job was closed"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}
