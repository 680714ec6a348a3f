import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class BindIdentityVerificationDto {
  @ApiProperty({
    example: 'identity-verification-0f9d3c1e',
    description: "PortOne's identityVerificationId the front end verified with; the api fetches the result itself",
  })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'identityVerificationId must be 1-100 of A-Z a-z 0-9 . _ : -' })
  identityVerificationId!: string;
}

export class IdentityVerificationAccepted {
  @ApiProperty() verified!: boolean;
  @ApiProperty({ description: 'global position of the binding event' }) position!: string;
  @ApiProperty() replayed!: boolean;
}

export class IdentityVerificationStatus {
  @ApiProperty({ description: 'whether this account is bound to a verified person' }) verified!: boolean;
}

export class PhoneCodeRequestDto {
  @ApiProperty({ example: '010-1234-5678', description: 'the Korean mobile number messages should go to' })
  @IsString()
  phone!: string;
}

export class PhoneCodeConfirmationDto {
  @ApiProperty({ example: '010-1234-5678' })
  @IsString()
  phone!: string;

  @ApiProperty({ example: '123456', description: 'the six digits sent by SMS' })
  @IsString()
  code!: string;
}

export class PhoneCodeSent {
  @ApiProperty({ description: 'when the code stops working' }) expiresAt!: string;
}

export class PhoneVerified {
  @ApiProperty() verified!: boolean;
  @ApiProperty() position!: string;
}
