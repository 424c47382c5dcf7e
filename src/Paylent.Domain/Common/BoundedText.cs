namespace Paylent.Domain.Common;

/// <summary>
/// Text kept to a column's length. A cut never falls between the two halves of a surrogate pair (an emoji,
/// any character beyond the Basic Multilingual Plane): half a character is not text, and PostgreSQL refuses
/// to store it, so a bounded User-Agent would fail the sign-in that records it.
/// </summary>
public static class BoundedText
{
    /// <summary>At most <paramref name="maxLength"/> UTF-16 code units of <paramref name="value"/>, whole characters only.</summary>
    public static string Truncate(string value, int maxLength)
    {
        if (value.Length <= maxLength)
        {
            return value;
        }

        var length = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
        return value[..length];
    }
}
