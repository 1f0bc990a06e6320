/**
 * JMH benchmarks of the node's hot paths, without Raft or the network: the RocksDB store's commit,
 * the state machine's apply, and the Raft log entry's protobuf encoding. Not run by the build or CI.
 *
 * <pre>
 * mvn -B -ntp -q package -pl dataplane/bench -am -DskipTests
 * java -cp dataplane/bench/target/ferrium-bench.jar org.openjdk.jmh.Main -l          # list
 * java -cp dataplane/bench/target/ferrium-bench.jar org.openjdk.jmh.Main StoreCommit  # one class
 * java -cp dataplane/bench/target/ferrium-bench.jar org.openjdk.jmh.Main -f 1 -wi 2 -i 3 -w 1s -r 2s  # quick
 * </pre>
 */
package io.ferrium.bench.jmh;
