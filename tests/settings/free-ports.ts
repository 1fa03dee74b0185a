// Several distinct free loopback ports at once (freePort alone may hand out the same port twice).
import { freePort } from '../support/ports';

export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
