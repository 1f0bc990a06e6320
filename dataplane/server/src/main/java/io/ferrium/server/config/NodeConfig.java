package io.ferrium.server.config;


/**
 * The node's configuration, one nested class per TOML section. Field names map to kebab-case keys
 * ({@code grpcPort} is {@code grpc-port}); the defaults here run one local node with no file at all.
 * {@code ferrium-default.toml} documents every key and must match these defaults (a test checks).
 */
public final class NodeConfig {
  public Node node = new Node();
  public Network network = new Network();
  public Storage storage = new Storage();
  public Raft raft = new Raft();
  public Logging logging = new Logging();
  public Cluster cluster = new Cluster();
  public Security security = new Security();

  /** [node] */
  public static final class Node {
    public String id = "node-1";
    public String dataDir = "./ferrium-data";
  }

  /** [network] */
  public static final class Network {
    public String bindHost = "127.0.0.1";
    public String advertiseHost = "";
    public int httpPort = 21001;
    public int grpcPort = 21002;
    public int raftPort = 21003;
    public long requestTimeoutMs = 10_000;
  }

  /** [storage] */
  public static final class Storage {
    public int maxKeyBytes = 4096;
    public int maxValueBytes = 1024 * 1024;
    public int maxRequestBytes = 2 * 1024 * 1024;
    public int maxTxnOps = 128;
    public long snapshotThreshold = 10_000;
    public long snapshotLogMb = 256;
    public int snapshotsRetained = 2;
  }

  /** [raft] */
  public static final class Raft {
    public long electionTimeoutMinMs = 1000;
    public long electionTimeoutMaxMs = 2000;
    public long rpcTimeoutMs = 3000;
    public int logSegmentSizeMb = 2;
    public long purgeGap = 64;
    public boolean leaderLease = true;
  }

  /** [logging] */
  public static final class Logging {
    public String level = "INFO";
    public String format = "text";
  }

  /** [cluster] */
  public static final class Cluster {
    public String name = "ferrium";
    public boolean autoInit = true;
  }

  /** [security] */
  public static final class Security {
    public String grpcTls = "off";
    public String httpTls = "off";
    public String raftTls = "off";
    public String certFile = "";
    public String keyFile = "";
    public String caFile = "";
    public long reloadIntervalMs = 1000;
  }
}
