package io.ferrium.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferrium-bench compare FILE...}: the side-by-side table of runs written with {@code --json-out}. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Print two targets' runs side by side, with ratios, from JSON-lines files.")
final class CompareCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files of JSON lines (--json-out).")
  List<Path> files;

  @Option(names = "--subject", description = "Target in the numerator of the ratios (default ferrium).")
  String subject = "ferrium";

  @Option(names = "--baseline", description = "Target in the denominator (default etcd).")
  String baseline = "etcd";

  @Override
  public Integer call() throws Exception {
    Comparison comparison = new Comparison(subject, baseline);
    for (Path file : files) {
      comparison.read(file);
    }
    comparison.print(System.out);
    System.out.flush();
    return 0;
  }
}
