import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MerchantQueries, publicMerchantView } from '@goodpay/merchant';
import { type Actor, ForbiddenError, NotFoundError } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { ApiNotFound, IdParam } from '../http/http-params';
import { ReadAfterQuery } from '../http/read-after';
import { MerchantListQuery, MerchantPage, MerchantResponse } from './merchant.dto';
import { OptionallyAuthenticated, Viewer } from './optional-viewer';
import { Problems } from '../openapi/answers';

/**
 * Shops as each caller may see them: anyone, the approved ones with their public fields (a
 * searchable shop list); the owner, their own shops in full; staff, everything.
 */
@ApiTags('merchants')
@Controller('merchants')
export class MerchantQueriesController {
  constructor(private readonly merchants: MerchantQueries) {}

  @Get()
  @OptionallyAuthenticated()
  @ApiOperation({
    operationId: 'listMerchants',
    summary: 'Approved shops by name, with filters (public); staff see every shop in full and may filter by status',
  })
  @ApiOkResponse({ type: MerchantPage })
  @Problems({ 403: ['staff_only'] })
  list(@Viewer() viewer: Actor | null, @Query() { after, ...filter }: MerchantListQuery) {
    if (viewer?.role === 'staff') return this.merchants.list(filter, after);
    if (filter.status !== undefined) throw new ForbiddenError('only campaign staff filter shops by status', 'staff_only');
    return this.merchants.listApproved(filter, after);
  }

  @Get('mine')
  @Authenticated('merchant')
  @ApiOperation({ operationId: 'listMyMerchants', summary: 'Your own shops in full, whatever their status (merchant)' })
  @ApiOkResponse({ type: MerchantPage })
  mine(@CurrentActor() actor: Actor, @Query() { after, ...filter }: MerchantListQuery) {
    return this.merchants.list({ ...filter, ownerId: actor.id }, after);
  }

  @Get(':id')
  @OptionallyAuthenticated()
  @ApiOperation({ operationId: 'getMerchant', summary: 'One shop: in full for its owner and staff, else its public fields if approved' })
  @ApiOkResponse({ type: MerchantResponse })
  @ApiNotFound('merchant')
  async get(@Viewer() viewer: Actor | null, @IdParam('id') id: string, @Query() { after }: ReadAfterQuery) {
    const merchant = await this.merchants.get(id, after);
    if (viewer?.role === 'staff' || (viewer?.role === 'merchant' && viewer.id === merchant.ownerId)) return merchant;
    // A shop not (or no longer) approved is not public: to others it does not exist.
    if (merchant.status !== 'approved') throw new NotFoundError('merchant', id);
    return publicMerchantView(merchant);
  }
}
