/**
 * How a person is named to other people: their user entity ref without the `user:` kind and the
 * default namespace (`user:default/alice` is "alice", `user:team/alice` is "team/alice").
 *
 * @public
 */
export function personName(userEntityRef: string): string {
  return userEntityRef.replace(/^user:(default\/)?/, '');
}
