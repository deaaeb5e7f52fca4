package io.github.nettyserial.linux;

/** The errno values the backend tells apart (asm-generic, the same on x86_64 and aarch64). */
final class Errno {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int ENXIO = 6;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int ENOTTY = 25;
    static final int EROFS = 30;
    static final int ENOSYS = 38;
    static final int ELOOP = 40;
    static final int ENOTSUP = 95;

    private Errno() {
    }

    /** A short name and text for messages, e.g. {@code ENOTTY (inappropriate ioctl for device)}. */
    static String describe(int errno) {
        switch (errno) {
            case EPERM: return "EPERM (operation not permitted)";
            case ENOENT: return "ENOENT (no such file or directory)";
            case EINTR: return "EINTR (interrupted)";
            case EIO: return "EIO (input/output error)";
            case ENXIO: return "ENXIO (no such device or address)";
            case EBADF: return "EBADF (bad file descriptor)";
            case EAGAIN: return "EAGAIN (resource temporarily unavailable)";
            case EACCES: return "EACCES (permission denied)";
            case EBUSY: return "EBUSY (device or resource busy)";
            case ENODEV: return "ENODEV (no such device)";
            case ENOTDIR: return "ENOTDIR (not a directory)";
            case EISDIR: return "EISDIR (is a directory)";
            case EINVAL: return "EINVAL (invalid argument)";
            case ENOTTY: return "ENOTTY (inappropriate ioctl for device)";
            case EROFS: return "EROFS (read-only file system)";
            case ENOSYS: return "ENOSYS (not implemented)";
            case ELOOP: return "ELOOP (too many symbolic links)";
            case ENOTSUP: return "EOPNOTSUPP (operation not supported)";
            default: return "errno " + errno;
        }
    }
}
