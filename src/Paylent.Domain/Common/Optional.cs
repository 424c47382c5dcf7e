namespace Paylent.Domain.Common;

/// <summary>
/// A value a partial update (a JSON:API PATCH) may or may not carry: absent keeps the current value,
/// present replaces it, even with null (a cleared username). <c>default</c> is absent.
/// </summary>
public readonly record struct Optional<T>
{
    public Optional(T value)
    {
        Value = value;
        HasValue = true;
    }

    public bool HasValue { get; }

    public T Value { get; }

    public T Or(T current) => HasValue ? Value : current;

    public static implicit operator Optional<T>(T value) => new(value);
}
