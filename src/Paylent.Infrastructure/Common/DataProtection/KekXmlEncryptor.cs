using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Paylent.Infrastructure.OAuth;

namespace Paylent.Infrastructure.Common.DataProtection;

/// <summary>
/// Seals a data-protection key's secret (the <c>&lt;masterKey&gt;</c> element ASP.NET marks as needing
/// encryption) with the key-encryption key before the key ring is stored, so a database dump reveals no
/// key that protects cookies or antiforgery tokens. The stored element reads
/// <c>&lt;sealedSecret&gt;v1.{kek id}.{…}&lt;/sealedSecret&gt;</c>; <see cref="KekXmlDecryptor"/> opens it.
/// </summary>
public sealed class KekXmlEncryptor(KeyEncryption encryption) : IXmlEncryptor
{
    // Binds the sealed secret to its use, so it cannot be passed off as a sealed signing key or email
    // (those are bound to their rows). A key's id is not in the element handed over, so it cannot be bound.
    internal const string AssociatedData = "paylent:data-protection-key";

    internal static readonly XName SealedElement = "sealedSecret";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        try
        {
            return new EncryptedXmlInfo(new XElement(SealedElement, encryption.Seal(plaintext, AssociatedData)), typeof(KekXmlDecryptor));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
