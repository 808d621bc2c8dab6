// Values captured from `helm template` (Helm v4) for tests: real Go/Sprig output.

/// PEM texts Sprig generated in Helm.
enum OracleFixtures {
    /// `genCA "my-ca" 30`'s certificate.
    static let caCertificate = """
    -----BEGIN CERTIFICATE-----
    MIIDDDCCAfSgAwIBAgIRAKV6zY4vOy9ORUbv62aHc3MwDQYJKoZIhvcNAQELBQAw
    EDEOMAwGA1UEAxMFbXktY2EwHhcNMjYxMTI5MDc0NDM5WhcNMjYxMjI5MDc0NDM5
    WjAQMQ4wDAYDVQQDEwVteS1jYTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoC
    ggEBAMRTYBl1nmDobpPehwLsgc1hKfyfCDoiY/TD3XMoRMZUS8my4yVurP/0Ggcr
    lMHDgK0qAxS4jIACzTWuYhYe9WqyqV1o1zn2CgvMb8QHMAopcb8X0jXwHU0VABmR
    nnz9IwMpGeDEYeIY4fv4mC2bsLUMp6o+QJB8+hK625h9atosylgdpSqtUPuhCNR/
    LyKbEPGzzMTYc18H9R42GwyQVFmp9dQmzLnkjJ6L43Uh65U+tpvjJTYYc2EiHiAZ
    +5GWUPytMjCy33aYn4oc8T7sp4dptukowGTjMVsHu6881WoTBh7Xrg22JdL72i+l
    /GNPLymMdy2795j/SXf8Fl5nvk0CAwEAAaNhMF8wDgYDVR0PAQH/BAQDAgKkMB0G
    A1UdJQQWMBQGCCsGAQUFBwMBBggrBgEFBQcDAjAPBgNVHRMBAf8EBTADAQH/MB0G
    A1UdDgQWBBTmw6O9VHIP2tg00G6HgHJVhLSOMzANBgkqhkiG9w0BAQsFAAOCAQEA
    P+tSqQ+FiYvg6IdJx8JLpTvd9EeUTkVns+Z5ujG15oG+Ou4vE2Kk0fMVMEhscVMY
    n3x0sku4nEUddZb8SyXZfs6iFvPfCuRFfaFrcUzvGxFFd+q4Rg5JuqDv8FxfQq6r
    lYeRmFe0p/6USiTccZQ6LA5pGjZmIJ3ECETjNTMUkzKG24Z6E4NseBHsZUl9GoTz
    85vixoFqV1qVVI4QIvu81LqGmylqOm/GAJyigWiqcUOYxNQ+h6GESD6rvw6O0RtO
    xftqy40LefOn+NtiRCEz6Y8Cs8ZN13CtUJObaC8hF7sTCZ9Lay3dnGAaQ+6iWOGq
    54dOJ+IQarpWWclpkLtybw==
    -----END CERTIFICATE-----

    """
    /// `genCA "my-ca" 30`'s RSA key.
    static let caKey = """
    -----BEGIN RSA PRIVATE KEY-----
    MIIEowIBAAKCAQEAxFNgGXWeYOhuk96HAuyBzWEp/J8IOiJj9MPdcyhExlRLybLj
    JW6s//QaByuUwcOArSoDFLiMgALNNa5iFh71arKpXWjXOfYKC8xvxAcwCilxvxfS
    NfAdTRUAGZGefP0jAykZ4MRh4hjh+/iYLZuwtQynqj5AkHz6ErrbmH1q2izKWB2l
    Kq1Q+6EI1H8vIpsQ8bPMxNhzXwf1HjYbDJBUWan11CbMueSMnovjdSHrlT62m+Ml
    NhhzYSIeIBn7kZZQ/K0yMLLfdpifihzxPuynh2m26SjAZOMxWwe7rzzVahMGHteu
    DbYl0vvaL6X8Y08vKYx3Lbv3mP9Jd/wWXme+TQIDAQABAoIBAAW0zq1lnqSQuFqk
    fW+Jv7QXEOR+ibJklhKZwjrffsKIaCE70rJWZy8l5ghX5Dj8ZpOh6UIoEMHyCcIJ
    9hdQOMJ1cu9XQQx/qNA8HvJePWZb7XNMus6PG89841gkDWOFNJp1fDmj8nfQvnnp
    1LKA862dMoyofWh+2XAxW1SfCbu/ViURMz379w3u9gFSHrytnvEeugC33h2csI7h
    G7NWQL5lNS4zW7LBH/ntUVY9qy6g69sYpbl+2629uD9oAfUQfonVkcGVKHrrtgRH
    R5wRMzpB1osY3IkpEnYsar9SdgGn3vaRvWcDg63foOnKDG2za7WBKa9cdpgbaERS
    dJr54kECgYEAylzeUx4A4QrhobcsRQaSx05CtjQzr5CneV/ViAq+YaShPBYDJSqL
    zR4EUpe76kj/sKHShYev8UauVTi23pJ7kJmK8NteB/euAFZn3/ATjAO13zFTW39o
    BAHq23nQdsRfwhZdy8CKUNrtRYYKWHwbqkCzr3q1xFKRObOFlIZVVEUCgYEA+Fzd
    0xmREszhvSpJHX55sJltDx0VMpPnUIbmAaYhuntns97b3RwyBXnATU4dgp766rY5
    hcgiKKHPQCHVR40UC/zAAtvBYnx4wsKQ344YmPUGj0nxA2aW/WAFhW6qguEeWgOy
    crsFJhI456RpAJdkU13rqmhvasKvmGLCBtrFVmkCgYAVuCX8kcnSXZKeAsTzm6MB
    VTr/x1aMz1/KPSjz8wNAA6Vyh4JK6OgcWc5o9vQqTy9yS8wGnOubX9SyPOYTuXEd
    sf0hoMnU3RaF3sBDXscaTgOlMuwZc/E8DOCiMc7YEHeeozvp9H5j8ztoLNzLZnap
    rUwb13XO3nXL1aLOsCRUaQKBgQCZ0InhD1h1mEXF7cZSad3brWmJjq1uIYOEr8cL
    BmSlJYBYOZFZIvknwvuB5PsJxoQHkMuXOxdMqsm8IjgAlDLyKZqRKqBd6lCv7efj
    TBGXyUhCvbxyKrsgOLOyq5MWc21kuh1uSL0rkuWDMKOHJjuQFf66DuvR5rjxW1hm
    /l5w4QKBgEBihoO7+imTTlgkjgs8BxkjualE+GsFfgXmTAQ9UAQCZqAzoCcNh598
    Ru/YTJ3PIxVg7ZlHHHSZsbGDOrlLUv92ByEvRejSG0dii0u8lObjgSLwJKRjyAPX
    vTIi3mzC0FkFweNtjEfVxuvt5UCTeUZe0nCqA0j3rwvzkMTpuV/Y
    -----END RSA PRIVATE KEY-----

    """
    /// `genSignedCert "svc.example" (list "10.0.0.1" "::1") (list "a.example" "b.example") 10` signed by the CA.
    static let signedCertificate = """
    -----BEGIN CERTIFICATE-----
    MIIDSzCCAjOgAwIBAgIQRUyl8jILAjdpIJXWXKMiqTANBgkqhkiG9w0BAQsFADAQ
    MQ4wDAYDVQQDEwVteS1jYTAeFw0yNjExMjkwNzQ0NDBaFw0yNjEyMDkwNzQ0NDBa
    MBYxFDASBgNVBAMTC3N2Yy5leGFtcGxlMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A
    MIIBCgKCAQEAyqzn1lGRRXYirmkhCyQJXYv1zpSCO5OwAH+gqDFATm+c/nCb6e49
    B2W6F7quoHC3yCRSURQ2DfsmLtBjO7JcpqlpkwD2H5rmolG9bPqt59LdqSWxfl+m
    kov1v/8bLUMoTdC8IWFmm7lQDazgTsIyFzCrDmW2aI5SMyPCfXCZP0Og5bmhsRVQ
    N4O9PcuzuldO1JkuckxmSo/HLtb/ReAMUGuRLyhh7pndPzTMm5YUnhto+Y23Kd4P
    KBdeHOHop53ietLJrOqJOIkSpHg59AgZqp2vnL/gmveSBrF3zZ6g4XdFiTQsrpuG
    pa/e0YBi7HJe7GtRwq3tbeLlbtiy4OP9EwIDAQABo4GaMIGXMA4GA1UdDwEB/wQE
    AwIFoDAdBgNVHSUEFjAUBggrBgEFBQcDAQYIKwYBBQUHAwIwDAYDVR0TAQH/BAIw
    ADAfBgNVHSMEGDAWgBTmw6O9VHIP2tg00G6HgHJVhLSOMzA3BgNVHREEMDAugglh
    LmV4YW1wbGWCCWIuZXhhbXBsZYcECgAAAYcQAAAAAAAAAAAAAAAAAAAAATANBgkq
    hkiG9w0BAQsFAAOCAQEAQZxpuqY6ErHbZAm6pNgrk1bBnfHXr2zIN0FVYzgOXS41
    mUQMsFwe1E/zX0FTQqsrnd+8c9thOK5uAHOWDRer3LD37lAJ0dLJywygt6XXGl7M
    +2oLaKJA3d3kYqqiR9yQuvdKuM1sidqBA32XMr/zi0FybZvOsTlzfFeyDe7+72Z6
    KL5qEfTWi5L+MpYfeBdNall6levcNTUje4TSBFi9BpYVuIMhTswZb2M0E4KEzDwj
    qpOtQ2LQqeHU+RH66rVhINYb3sJuzXtJFcNg2XZwJSgyr8dhWgdFa0UXZ0mY8z/i
    LZ2OR8RFMKGbWZnADb100yjk0LMzWkEJCsBRta9omw==
    -----END CERTIFICATE-----

    """
    /// `genPrivateKey "ecdsa"`.
    static let ecdsaKey = """
    -----BEGIN EC PRIVATE KEY-----
    MHcCAQEEINJ7KSkMhu/E7FHkaRpwwdYgbKI3RR29VrRsZurqc5aPoAoGCCqGSM49
    AwEHoUQDQgAEXRzfNxWPkGjeFQXlmRyo0twx1fkrUDFVaBKYDZ/TqYEYV9cbYhdi
    cRzGGlFPss88yZp/VvMCI+exu5X66S0kqg==
    -----END EC PRIVATE KEY-----

    """
    /// `genPrivateKey "ed25519"`.
    static let ed25519Key = """
    -----BEGIN PRIVATE KEY-----
    MC4CAQAwBQYDK2VwBCIEIArZO+ROUBZiTDt79m/qw/FV07ov5mtQKsHJau1PN+Ih
    -----END PRIVATE KEY-----

    """
}
