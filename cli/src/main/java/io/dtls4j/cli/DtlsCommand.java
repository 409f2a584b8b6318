package io.dtls4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code dtls} command: only dispatches to its subcommands. */
@Command(name = "dtls",
        mixinStandardHelpOptions = true,
        versionProvider = DtlsCommand.Version.class,
        description = "DTLS 1.2 from the command line, in the spirit of openssl s_server / s_client.",
        subcommands = {
                DemoCommand.class,
                ServerCommand.class,
                ClientCommand.class,
                KeygenCommand.class,
                BenchCommand.class,
                picocli.CommandLine.HelpCommand.class
        })
public final class DtlsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace of a failure (and of failed sessions).")
    boolean debug;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: demo, server, client, keygen or bench");
    }

    /** The version in the jar's manifest, or "dev" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DtlsCommand.class.getPackage().getImplementationVersion();
            return new String[] {"dtls4j " + (version == null ? "dev" : version)};
        }
    }
}
