// Complete production settings for tests (made-up values in each service's shape; no real secret).

/** Made once with `openssl rand -hex 32`, as the README says. */
export const STRONG = '9c1f0e7a4b2d6c8e3f5a7b9d1c3e5f7a2b4d6f8e0a1c3e5b7d9f2a4c6e8b0d1f';

/** The real message providers production insists on (no secret of the repository: test values). */
export const PRODUCTION_PROVIDERS = {
  SOLAPI_API_KEY: 'NCSTESTKEY0000001',
  SOLAPI_API_SECRET: 'test-solapi-secret-not-a-real-one',
  SOLAPI_SENDER: '0212345678',
  KAKAO_PF_ID: 'KA01PF0000000000000000000000test',
  SMTP_URL: 'smtp://mail.internal:587',
  MAIL_FROM: '착한 선결제 <no-reply@example.kr>',
  PORTONE_V1_API_KEY: 'imp_1234567890',
  PORTONE_V1_API_SECRET: 'portone-v1-secret-from-the-console',
};

/** Every secret production insists on, each strong and distinct (AUTH_JWT_SECRET is not one: development tokens only). */
export const PRODUCTION_SECRETS = {
  PERSONAL_DATA_MASTER_KEY: 'W3q+Zk8vN2pR7tYc5mHx0LbJ4sGd1FuE6aKoIiVnQeT=',
  PERSONAL_DATA_HASH_KEY: '5e8d2b7f1a4c9e3d6b0f8a2c5e7d1b4f9a3c6e0d2b5f8a1c4e7d0b3f6a9c2e5d',
  NOTIFICATION_RECEIPT_SECRET: 'Hq7#pL2v!Xm9$Rt4&Kw8*Zs1^Nd6(Yb3)Fc5',
};

/** The outside services production needs besides its secrets: the OpenID provider and PortOne. */
export const PRODUCTION_EDGES = {
  OIDC_ISSUER: 'https://login.example.go.kr',
  OIDC_AUDIENCE: 'https://api.goodpay.example.go.kr',
  PORTONE_API_SECRET: 'portone-api-secret-from-the-console',
  PORTONE_STORE_ID: 'store-4ff4af41-85e3-4559-8eb8-0d08a2c6ceec',
  PORTONE_WEBHOOK_SECRET: 'whsec_dGVzdC13ZWJob29rLXNlY3JldC1ub3QtcmVhbA==',
  COMMUNITY_CHEST_REGISTRATION_NUMBER: '123-82-00000',
  COMMUNITY_CHEST_ADDRESS: '서울특별시 중구 세종대로 39 (test address)',
};

/** All of them: a production process starts with these. */
export const PRODUCTION_ENV = { NODE_ENV: 'production', ...PRODUCTION_SECRETS, ...PRODUCTION_PROVIDERS, ...PRODUCTION_EDGES };
