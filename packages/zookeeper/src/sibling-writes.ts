type Listener = (keys: readonly string[]) => void;

interface Member {
  onWrite: Listener;
  /** Writes of this member in flight. */
  writing: number;
}

interface PathGroup {
  members: Set<Member>;
  /** Resolved (and replaced) whenever a write of any member ends. */
  idle: Set<() => void>;
}

const byPath = new Map<string, PathGroup>();

/** A store's place among the stores of this process on the same root path. */
export interface Siblings {
  /** Marks the start of a write; the returned function ends it, telling the others which keys it wrote. */
  beginWrite(): (written: readonly string[]) => void;
  /** Resolves once no other store on the path has a write in flight. */
  othersIdle(): Promise<void>;
  /** Leaves the path. */
  leave(): void;
}

/**
 * Lets stores of one process on one path hear of each other's writes before the write resolves, where a
 * watch notification (on another connection) may arrive later, and lets a sync wait for a write already on
 * its way: two dicts in one process then read each other's acknowledged writes at once. A store on another
 * ensemble with the same path only re-reads a key it did not need to.
 */
export function joinSiblings(path: string, onWrite: Listener): Siblings {
  let group = byPath.get(path);
  if (!group) {
    group = { members: new Set(), idle: new Set() };
    byPath.set(path, group);
  }
  const own = group;
  const me: Member = { onWrite, writing: 0 };
  own.members.add(me);
  const othersWriting = () => [...own.members].some((member) => member !== me && member.writing > 0);
  return {
    beginWrite() {
      me.writing++;
      return (written) => {
        me.writing--;
        for (const member of own.members) if (member !== me && written.length > 0) member.onWrite(written);
        for (const wake of [...own.idle]) wake();
      };
    },
    async othersIdle() {
      while (othersWriting()) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            own.idle.delete(wake);
            resolve();
          };
          own.idle.add(wake);
        });
      }
    },
    leave() {
      own.members.delete(me);
      if (own.members.size === 0 && byPath.get(path) === own) byPath.delete(path);
    },
  };
}
