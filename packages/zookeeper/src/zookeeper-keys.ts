import { EncodingError, InvalidKeyError } from "@durabledict/core";

/**
 * Characters ZooKeeper refuses in a path (its `PathUtils.validatePath`): NUL and control characters, and the
 * UTF-16 ranges \ud800-\uf8ff and \ufff0-\uffff (so surrogate pairs, that is emoji, too).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters refused
const refusedCharacters = /[\u0000-\u001f\u007f-\u009f\ud800-\uf8ff\ufff0-\uffff]/;

/** Room kept in a request for the framing, the ACL and the root's version bump, in bytes. */
const requestOverhead = 512;

/** Throws `InvalidKeyError` for a key that cannot name a znode under the dict's path. */
export function validateZookeeperKey(key: string): void {
  const refuse = (reason: string) => {
    throw new InvalidKeyError(key, reason, "zookeeper");
  };
  if (key === "") refuse("ZooKeeper cannot hold an empty key");
  if (key === "." || key === "..") refuse(`"${key}" is a relative path name in ZooKeeper`);
  if (key.includes("/")) refuse('keys cannot contain "/", ZooKeeper\'s path separator');
  const bad = refusedCharacters.exec(key);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).padStart(4, "0");
    refuse(`ZooKeeper refuses the character \\u${code} in a path`);
  }
}

/** Throws `EncodingError` when writing `payload` under `path` would exceed the server's request limit. */
export function validateZookeeperPayload(
  key: string,
  path: string,
  payload: string,
  maxRequestBytes: number,
) {
  const bytes = Buffer.byteLength(payload, "utf8");
  const limit = maxRequestBytes - requestOverhead - 2 * Buffer.byteLength(path, "utf8");
  if (bytes > limit) {
    throw new EncodingError(
      key,
      `the encoded value is ${bytes} bytes; ZooKeeper takes at most ${limit} here (jute.maxbuffer ${maxRequestBytes})`,
      { adapter: "zookeeper" },
    );
  }
}
