package io.ferrium.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.ferrium.server.config.NodeConfig;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the [logging] section to Logback: level of Ferrium's loggers, text or JSON lines. */
final class LoggingSetup {
  private LoggingSetup() {
  }

  /** Client commands print results, not logs: only warnings and errors from the libraries. */
  static void quietClient() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext) {
      ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }
  }

  static void apply(NodeConfig.Logging logging) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
      return; // another SLF4J backend: its own configuration rules
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger("io.ferrium").setLevel(Level.toLevel(logging.level.toUpperCase(Locale.ROOT), Level.INFO));
    if ("json".equals(logging.format)) {
      ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      root.detachAndStopAllAppenders();
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      encoder.start();
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setContext(context);
      console.setName("json");
      console.setEncoder(encoder);
      console.start();
      root.addAppender(console);
    }
  }
}
