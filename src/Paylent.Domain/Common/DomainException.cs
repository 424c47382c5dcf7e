namespace Paylent.Domain.Common;

/// <summary>
/// A business rule said no. <see cref="Code"/> is stable (clients and tests match on it);
/// <see cref="Field"/> names the input at fault, when there is one.
/// </summary>
public sealed class DomainException(string code, string message, string? field = null) : Exception(message)
{
    public string Code { get; } = code;

    public string? Field { get; } = field;
}
