namespace Paylent.Domain.Common;

/// <summary>
/// An object with identity. Ids are version-7 GUIDs: time-ordered, so inserts stay append-only in
/// B-tree indexes, and generated here rather than by the database so a new entity's id is known
/// before it is saved.
/// </summary>
public abstract class Entity
{
    public Guid Id { get; private init; } = Guid.CreateVersion7();
}
