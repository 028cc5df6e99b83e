package org.privyrghlsync.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Check of the embedded store's data folder, which the runtime creates readable by its owner only
 * ({@link Database#createOwnerOnly}) but uses as it finds it when the folder exists already. The check only warns, so
 * the folder and its files keep their permissions.
 */
public final class DataFolderPermissions {

    private static final Logger LOG = LoggerFactory.getLogger(DataFolderPermissions.class);

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> READ_BY_GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./+:@%=-]+");

    private DataFolderPermissions() {
    }

    /** Logs one warning when group or others have any permission on the data folder. */
    public static void warnIfOpen(Path dataDir) {
        warning(dataDir).ifPresent(LOG::warn);
    }

    /**
     * Returns the warning for a data folder on which group or others have any permission, or empty for an owner-only
     * folder. The warning names the folder's files that group or others may read. A file that is readable by others
     * inside an owner-only folder is not reported, because no one else can reach it. H2 creates its store file with
     * the process's umask, so that is the usual case.
     */
    static Optional<String> warning(Path dataDir) {
        Path folder = dataDir.toAbsolutePath().normalize();
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(folder);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system, such as Windows, whose access control lists are not checked here.
            return Optional.empty();
        } catch (IOException e) {
            LOG.debug("Reading the permissions of the data folder {} failed: {}", folder, e.toString());
            return Optional.empty();
        }
        if (permissions.stream().noneMatch(GROUP_OR_OTHERS::contains)) {
            return Optional.empty();
        }
        List<String> readableFiles = readableFiles(folder);
        return Optional.of("The data folder " + folder + " has permissions "
                + PosixFilePermissions.toString(permissions) + ", so group or others have access to it"
                + (readableFiles.isEmpty() ? "" : ", and they may read its files " + String.join(", ", readableFiles))
                + ". It contains leads' personal data and the stored OAuth tokens. Make it readable by its owner only"
                + " with: chmod 700 " + shellWord(folder.toString()));
    }

    /**
     * Returns the warning for a token key file that group or others may read, through folders that they may enter
     * (execute permission), or empty. A symbolic link is followed to the file. Anyone who reads the key can decrypt
     * the stored OAuth tokens. A key file in the data folder is also named by the data folder's warning.
     */
    static Optional<String> keyFileWarning(Path keyFile) {
        Path file;
        Set<PosixFilePermission> permissions;
        boolean groupReads;
        boolean othersRead;
        try {
            // The file that a link points to is the one that others may read.
            file = keyFile.toRealPath();
            permissions = Files.getPosixFilePermissions(file);
            groupReads = permissions.contains(PosixFilePermission.GROUP_READ);
            othersRead = permissions.contains(PosixFilePermission.OTHERS_READ);
            // Reading a file also takes the execute permission of each folder above it, for the same class.
            for (Path folder = file.getParent(); folder != null; folder = folder.getParent()) {
                Set<PosixFilePermission> folderPermissions = Files.getPosixFilePermissions(folder);
                groupReads &= folderPermissions.contains(PosixFilePermission.GROUP_EXECUTE);
                othersRead &= folderPermissions.contains(PosixFilePermission.OTHERS_EXECUTE);
            }
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.debug("Reading the permissions of the token key file {} failed: {}", keyFile, e.toString());
            return Optional.empty();
        }
        if (!groupReads && !othersRead) {
            return Optional.empty();
        }
        return Optional.of("The token key file " + file + " has permissions "
                + PosixFilePermissions.toString(permissions) + ", so group or others may read it. Anyone with the key"
                + " can decrypt the stored OAuth tokens. Make it readable by its owner only with: chmod 600 "
                + shellWord(file.toString()));
    }

    /** Returns the regular files directly in the folder that group or others may read, each with its permissions. */
    private static List<String> readableFiles(Path folder) {
        List<String> readable = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(entry,
                        LinkOption.NOFOLLOW_LINKS);
                if (permissions.stream().anyMatch(READ_BY_GROUP_OR_OTHERS::contains)) {
                    readable.add(entry.getFileName() + " (" + PosixFilePermissions.toString(permissions) + ")");
                }
            }
        } catch (IOException e) {
            LOG.debug("Listing the data folder {} failed: {}", folder, e.toString());
        }
        readable.sort(null);
        return readable;
    }

    /** Returns the text as one word for a POSIX shell, in single quotes unless it contains only safe characters. */
    static String shellWord(String text) {
        if (SHELL_SAFE.matcher(text).matches()) {
            return text;
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
