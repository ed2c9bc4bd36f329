import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class ErasureView {
  @ApiProperty({ format: 'uuid' }) registrationId: string;
  @ApiProperty({ format: 'uuid' }) activityId: string;
  @ApiProperty({ format: 'date-time', description: 'When the details were first erased' }) erasedAt: string;
}

export class RegistrantTokenQuery {
  @ApiProperty({ description: "The token of the registrant's cancel link" })
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token must be the token of the cancel link' })
  token: string;
}
