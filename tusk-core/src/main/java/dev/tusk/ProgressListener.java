package dev.tusk;

/** Receives {@link Progress} reports of a long operation, from the thread doing the work; keep it quick. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores every report. */
    ProgressListener NONE = progress -> { };

    /** Called as the operation advances, and once more when it ends. */
    void onProgress(Progress progress);
}
